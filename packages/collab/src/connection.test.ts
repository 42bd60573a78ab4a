import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { TestSocket } from '../test/fixtures.ts';
import { Connection, type ConnectionEvent, IllegalTransition, type Phase, type RoomPort, TRANSITIONS } from './connection.ts';
import { DEFAULT_LIMITS } from './doc-server.ts';
import { syncMessage } from './messages.ts';
import type { Peer } from './peer.ts';
import { CloseCode, MessageType, SyncType } from './protocol.ts';

/** A room that only records what the connection hands it, in order. */
function recordingRoom() {
  const calls: string[] = [];
  const room: RoomPort = {
    awareness: new Awareness(new Y.Doc()),
    join: (peer: Peer) => void calls.push(`join ${peer.userId}`),
    answerSync: (_peer, stateVector) => void calls.push(`step1 ${stateVector.byteLength}`),
    receiveUpdate: (_peer, update) => void calls.push(`update ${update.byteLength}`),
    receiveAwareness: () => void calls.push('awareness'),
  };
  return { room, calls };
}

const grant = { userId: 'u1', canWrite: true, canSuggest: false, userName: 'Una', principals: ['user:u1'] };

function connection(maxEarlyFrames = DEFAULT_LIMITS.maxEarlyFrames) {
  const socket = new TestSocket();
  let closes = 0;
  const c = new Connection({
    socket,
    docName: 'p/deliverable',
    identity: null,
    wantsAcks: false,
    limits: { ...DEFAULT_LIMITS, maxEarlyFrames },
    onClose: () => closes++,
  });
  return { c, socket, closes: () => closes };
}

/** A frame the room sees by its size: a step 1 carrying `n` bytes of state vector. */
const frame = (n: number) => syncMessage(SyncType.step1, new Uint8Array(n).fill(0));

const reach: Record<Phase, (c: Connection, room: RoomPort) => void> = {
  awaiting: () => {},
  attached: (c, room) => c.admit(room, grant),
  held: (c, room) => (c.admit(room, grant), c.hold()),
  closed: (c) => c.close(CloseCode.goingAway, 'bye'),
};

const apply: Record<ConnectionEvent, (c: Connection, room: RoomPort) => void> = {
  admit: (c, room) => c.admit(room, grant),
  hold: (c) => c.hold(),
  release: (c) => c.release(),
  regrant: (c) => c.regrant({ ...grant, canWrite: false }),
  close: (c) => c.close(CloseCode.goingAway, 'bye'),
};

describe('a connection’s life', () => {
  const phases = Object.keys(reach) as Phase[];
  const events = Object.keys(apply) as ConnectionEvent[];
  for (const phase of phases) {
    for (const event of events) {
      const allowed = TRANSITIONS[phase][event];
      it(`${phase} + ${event} → ${allowed ? allowed.join(' or ') : 'refused'}`, () => {
        const { c } = connection();
        const { room } = recordingRoom();
        reach[phase](c, room);
        expect(c.state.phase).toBe(phase);
        const before = c.state;
        if (!allowed) {
          expect(() => apply[event](c, room)).toThrow(IllegalTransition);
          // Refused means nothing moved.
          expect(c.state).toBe(before);
          return;
        }
        apply[event](c, room);
        expect(allowed).toContain(c.state.phase);
      });
    }
  }

  it('the table leaves no phase without a way to close, and nothing leaves closed', () => {
    for (const phase of phases) expect(TRANSITIONS[phase].close).toEqual(['closed']);
    expect(Object.keys(TRANSITIONS.closed)).toEqual(['close']);
  });

  it('awaiting, it has no user or right: asking for them is refused, not answered with a blank', () => {
    const { c } = connection();
    expect(() => c.userId).toThrow(IllegalTransition);
    expect(() => c.canWrite).toThrow(IllegalTransition);
    expect(c.principals).toEqual([]);
    const { room } = recordingRoom();
    c.admit(room, grant);
    expect([c.userId, c.canWrite, c.userName, c.principals]).toEqual(['u1', true, 'Una', ['user:u1']]);
    c.regrant({ ...grant, canWrite: false, principals: [] });
    expect([c.canWrite, c.principals]).toEqual([false, []]);
  });

  it('frames that came before admission reach the room in order once admitted, after the join', () => {
    const { c } = connection();
    const { room, calls } = recordingRoom();
    c.receive(frame(1));
    c.receive(frame(2));
    expect(calls).toEqual([]);
    c.admit(room, grant);
    c.receive(frame(3));
    expect(calls).toEqual(['join u1', 'step1 1', 'step1 2', 'step1 3']);
  });

  it('a hold that began before admission is kept: admitted, it joins held, and frames wait for release', () => {
    const { c } = connection();
    const { room, calls } = recordingRoom();
    c.receive(frame(1));
    c.hold();
    c.admit(room, grant);
    expect(c.state.phase).toBe('held');
    c.receive(frame(2));
    expect(calls).toEqual(['join u1']);
    c.release();
    expect(c.state.phase).toBe('attached');
    expect(calls).toEqual(['join u1', 'step1 1', 'step1 2']);
  });

  it('held, frames wait in order; released, they are handled with the right it has by then', () => {
    const { c } = connection();
    const { room, calls } = recordingRoom();
    c.admit(room, grant);
    c.hold();
    c.hold();
    c.receive(frame(4));
    c.receive(frame(5));
    c.regrant({ ...grant, canWrite: false });
    expect(calls).toEqual(['join u1']);
    c.release();
    expect(calls).toEqual(['join u1', 'step1 4', 'step1 5']);
    expect(c.canWrite).toBe(false);
  });

  it('too many waiting frames close it with 4413; once closed, frames go nowhere and close is told once', () => {
    const { c, socket, closes } = connection(2);
    const { room, calls } = recordingRoom();
    c.receive(frame(1));
    c.receive(frame(2));
    c.receive(frame(3));
    expect(socket.closedWith).toBe(CloseCode.tooLarge);
    expect(c.state).toEqual({ phase: 'closed', code: CloseCode.tooLarge });
    c.receive(frame(4));
    c.close(CloseCode.goingAway, 'again');
    c.gone();
    expect(closes()).toBe(1);
    expect(() => c.admit(room, grant)).toThrow(IllegalTransition);
    expect(calls).toEqual([]);
  });

  it('a frame that closes it while waiting frames replay stops the replay there', () => {
    const { c, socket } = connection();
    const { room, calls } = recordingRoom();
    c.receive(frame(1));
    c.receive(new Uint8Array([0xff, 0xff])); // malformed: closes with 4400
    c.receive(frame(3));
    c.admit(room, grant);
    expect(socket.closedWith).toBe(CloseCode.malformed);
    expect(calls).toEqual(['join u1', 'step1 1']);
  });

  it('a heartbeat is answered at once in every phase but closed, without reaching the room', () => {
    const { c, socket } = connection();
    const { room, calls } = recordingRoom();
    const ping = new Uint8Array([MessageType.ping]);
    c.receive(ping);
    c.admit(room, grant);
    c.receive(ping);
    c.hold();
    c.receive(ping);
    c.close(CloseCode.goingAway, 'bye');
    c.receive(ping);
    expect(socket.sent.filter((f) => f.length === 1 && f[0] === MessageType.ping)).toHaveLength(3);
    expect(calls).toEqual(['join u1']);
  });
});
