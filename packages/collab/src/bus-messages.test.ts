import { describe, expect, it } from 'vitest';
import { decodeBusMessage, encodeBusMessage, ORIGIN_BYTES } from './bus-messages.ts';

const origin = new Uint8Array(ORIGIN_BYTES).fill(7);

describe('bus messages', () => {
  it('carry when they were sent, then (updates) who wrote them, last: messages from the releases before still read', () => {
    const message = { type: 'update' as const, origin, id: 42, update: new Uint8Array([1, 2, 3]), authorId: 'u1' };
    const sentAt = Date.UTC(2026, 10, 28, 12);
    const bytes = encodeBusMessage(message, sentAt);
    expect(decodeBusMessage(bytes)).toEqual({ ...message, sentAt });
    // The server's own writes have no author.
    expect(decodeBusMessage(encodeBusMessage({ ...message, authorId: null }, sentAt))).toEqual({ ...message, authorId: null, sentAt });

    // The release before sent no author (a varstring of 3 bytes here), and the one before that no time either (6 more).
    const { authorId: _, ...withoutAuthor } = message;
    const noAuthor = bytes.slice(0, bytes.byteLength - 3);
    expect(decodeBusMessage(noAuthor)).toEqual({ ...withoutAuthor, sentAt });
    expect(decodeBusMessage(noAuthor.slice(0, noAuthor.byteLength - 6))).toEqual({ ...withoutAuthor, sentAt: null });
  });

  it("a hand-off's hold, its answers and its release read back as sent", () => {
    for (const message of [
      { type: 'hold' as const, origin, token: 't1', prefix: 'project-1/' },
      { type: 'held' as const, origin, token: 't1' },
      { type: 'release' as const, origin, token: 't1' },
    ]) {
      expect(decodeBusMessage(encodeBusMessage(message, 5))).toEqual({ ...message, sentAt: 5 });
    }
  });
});
