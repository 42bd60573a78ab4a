import { CloseCode, MessageType, shouldReconnect } from '@stint/collab/protocol';
import * as decoding from 'lib0/decoding';
import { useEffect, useMemo, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { colorFor } from './colors.ts';
import { plainTextOf } from './plain-text.ts';
import type { User } from './types.ts';

/** `crowded`: the document has as many people as it may (4508); the editor keeps retrying. */
export type Connection = 'connecting' | 'live' | 'saving' | 'saved' | 'offline' | 'crowded';

export interface Presence {
  clientId: number;
  name: string;
  color: string;
  userId: string;
}

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  connection: Connection;
  people: Presence[];
  /**
   * Set when the server refused a copy for good (edits made without the right to edit, or past
   * the document's size limit): the text of that copy, for the person to keep, and why. The copy
   * itself is dropped (here and in IndexedDB) and the document opened again from the server, so
   * what the editor shows is what is saved.
   */
  refused: RefusedCopy | null;
}

export interface RefusedCopy {
  text: string;
  reason: 'rights' | 'full';
  /** The server's sentence, when it gave one. */
  message: string;
}

/**
 * An open document socket asks the server for a sign of life every second (checked twice as
 * often); three seconds without any message — two answers missed — means the network is gone.
 */
const HEARTBEAT_MS = 500;
const HEARTBEAT_SILENCE_MS = 3000;
const PING = new Uint8Array([MessageType.ping]);

export function socketBase(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}

/**
 * One live document: kept in IndexedDB so edits survive a reload offline, synced over the stock
 * y-websocket client, and "saved" only once the server says the edit is on disk.
 */
export function useCollab(docName: string, user: User): CollabSession {
  // A new copy per document, and again after the server refused one (`generation`).
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new document per document name and generation, on purpose
  const doc = useMemo(() => new Y.Doc(), [docName, generation]);
  const provider = useMemo(
    () =>
      new WebsocketProvider(socketBase(), docName, doc, {
        params: { acks: '1' },
        connect: false,
        maxBackoffTime: 2500,
        // Refusals stop the retries; a client cut off for not reading (4408) comes back and resyncs.
        shouldReconnect: (event) => shouldReconnect(event.code),
      }),
    [doc, docName],
  );
  const [connection, setConnection] = useState<Connection>('connecting');
  const [people, setPeople] = useState<Presence[]>([]);
  const [refused, setRefused] = useState<RefusedCopy | null>(null);

  useEffect(() => {
    const persistence = new IndexeddbPersistence(`stint:${user.id}:${docName}`, doc);
    let durable = 0;
    let acked = false;
    let online = false;
    let refusedCopy = false;
    let crowded = false;
    let wasLive = false;
    const refresh = () => {
      if (refusedCopy) return setConnection('connecting');
      if (crowded && !online) return setConnection('crowded');
      // Once it has been live, not being connected is being offline (edits stay on this device).
      if (!online) return setConnection(wasLive || !navigator.onLine ? 'offline' : 'connecting');
      if (!provider.synced) return setConnection('connecting');
      const mine = Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
      setConnection(mine > durable ? 'saving' : acked ? 'saved' : 'live');
    };
    provider.messageHandlers[MessageType.saved] = (_encoder, decoder) => {
      const saved = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      durable = Math.max(durable, saved.get(doc.clientID) ?? 0);
      acked = true;
      refresh();
    };
    // The server answers each ping at once; the answer is only there to be a message received.
    provider.messageHandlers[MessageType.ping] = () => {};
    // A browser never sees websocket pings, and the stock client waits 30 s of silence before it
    // gives a socket up: a network that drops without a word said "Live" all that while. A
    // silence past HEARTBEAT_SILENCE_MS is a dropped network: the socket is given up and retried.
    let beat = 0;
    const heartbeat = setInterval(() => {
      if (!provider.wsconnected) return;
      if (Date.now() - provider.wsLastMessageReceived > HEARTBEAT_SILENCE_MS) {
        provider.disconnect();
        provider.connect();
      } else if (beat++ % 2 === 0) provider.ws?.send(PING);
    }, HEARTBEAT_MS);
    provider.on('status', ({ status }: { status: string }) => {
      online = status === 'connected';
      if (online) crowded = false;
      wasLive ||= online;
      // A refusal is not being offline: the copy is being replaced by the server's.
      if (status === 'disconnected' && !refusedCopy) setConnection(crowded ? 'crowded' : 'offline');
      else refresh();
    });
    provider.on('sync', refresh);
    provider.on('connection-close', (event: CloseEvent | null) => {
      crowded = event?.code === CloseCode.documentCrowded;
      // A copy writing under someone else's client id can't be merged either (an honest copy never
      // does: each copy is keyed by its person and gets a fresh id).
      const code = event?.code;
      const refusal = code === CloseCode.refusedEdits || code === CloseCode.foreignClient ? 'rights' : code === CloseCode.documentFull ? 'full' : null;
      if (refusal && !refusedCopy) {
        // This copy holds text the server will never store (typed without the right to edit, or
        // past the size limit): it can never be merged. Keep the words for the person, forget the
        // copy (here and in IndexedDB) and open the document again from the server.
        refusedCopy = true;
        setConnection('connecting');
        setRefused({ text: plainTextOf(doc.getXmlFragment('default')), reason: refusal, message: event?.reason ?? '' });
        void persistence.clearData().finally(() => setGeneration((g) => g + 1));
      }
    });
    doc.on('update', refresh);
    provider.awareness.setLocalStateField('user', { name: user.name, color: colorFor(user.id), userId: user.id });
    const onAwareness = () => {
      const seen = new Map<string, Presence>();
      provider.awareness.getStates().forEach((state, clientId) => {
        const u = state.user as { name?: string; color?: string; userId?: string } | undefined;
        if (u?.userId && !seen.has(u.userId)) seen.set(u.userId, { clientId, name: u.name ?? '?', color: u.color ?? '#666', userId: u.userId });
      });
      setPeople([...seen.values()]);
    };
    provider.awareness.on('change', onAwareness);
    onAwareness();
    void persistence.whenSynced.then(() => provider.connect());
    return () => {
      clearInterval(heartbeat);
      provider.awareness.off('change', onAwareness);
      provider.destroy();
      void persistence.destroy();
      doc.destroy();
    };
  }, [doc, provider, docName, user.id, user.name]);

  return { doc, provider, connection, people, refused };
}
