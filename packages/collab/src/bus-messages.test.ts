import { describe, expect, it } from 'vitest';
import { decodeBusMessage, encodeBusMessage, ORIGIN_BYTES } from './bus-messages.ts';

const origin = new Uint8Array(ORIGIN_BYTES).fill(7);

describe('bus messages', () => {
  it('carry when they were sent, last: a message from the release before (without it) still reads', () => {
    const message = { type: 'update' as const, origin, id: 42, update: new Uint8Array([1, 2, 3]) };
    const sentAt = Date.UTC(2026, 10, 28, 12);
    const bytes = encodeBusMessage(message, sentAt);
    expect(decodeBusMessage(bytes)).toEqual({ ...message, sentAt });

    // What the release before sends: the same bytes without the time (a varuint of 6 bytes here).
    const before = bytes.slice(0, bytes.byteLength - 6);
    expect(decodeBusMessage(before)).toEqual({ ...message, sentAt: null });
  });
});
