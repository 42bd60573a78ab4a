import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export function wsUrl(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}/collab`;
}

/** The unmodified y-websocket client, as any outside client would use it. */
export function connectProvider(httpUrl: string, docName: string, token: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(wsUrl(httpUrl), docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  return { doc, provider };
}

export function whenSynced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    provider.once('sync', (synced: boolean) => {
      if (synced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}

/** A bare y-protocols speaker: sends exactly the bytes a test chooses and records what comes back. */
export class RawClient {
  readonly received: Uint8Array[] = [];
  closeCode: number | null = null;
  closeReason = '';
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;
  private readonly socket: WebSocket;

  /** `answerPings: false`: a client gone silent (a closed laptop) that never answers the server's pings. */
  constructor(httpUrl: string, docName: string, query: Record<string, string> = {}, headers: Record<string, string> = {}, answerPings = true) {
    const qs = new URLSearchParams(query).toString();
    this.socket = new WebSocket(`${wsUrl(httpUrl)}/${docName}${qs ? `?${qs}` : ''}`, { headers, autoPong: answerPings });
    this.socket.binaryType = 'arraybuffer';
    this.socket.on('message', (data: ArrayBuffer) => this.received.push(new Uint8Array(data)));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = reason.toString();
        resolve(code);
      }),
    );
  }

  send(frame: Uint8Array | string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.socket.close();
  }

  /** Decoded sync messages received so far: [kind, payload]. */
  syncMessages(): Array<[number, Uint8Array]> {
    return this.received.flatMap((frame) => {
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== 0) return [];
      return [[decoding.readVarUint(decoder), decoding.readVarUint8Array(decoder)] as [number, Uint8Array]];
    });
  }

  /** Applies every update and step 2 received to a fresh document. */
  documentSeen(): Y.Doc {
    const doc = new Y.Doc();
    for (const [kind, payload] of this.syncMessages()) if (kind !== 0) Y.applyUpdate(doc, payload);
    return doc;
  }
}

export function syncFrame(kind: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/**
 * The first paragraph of a document made by a fixed Yjs client, so every test client that
 * starts one makes the very same structs and they merge into one paragraph, not one each.
 */
export const FIRST_PARAGRAPH_CLIENT = 0xfffffff0;
const firstParagraph = (() => {
  const doc = new Y.Doc();
  // Far from the small ids the trace replays give their agents.
  doc.clientID = FIRST_PARAGRAPH_CLIENT;
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText()]);
  doc.getXmlFragment('default').insert(0, [paragraph]);
  return Y.encodeStateAsUpdate(doc);
})();

/** The text of a rich-text document's first paragraph, as the editor lays it out: tests type here. */
export function body(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment('default');
  if (fragment.length === 0) Y.applyUpdate(doc, firstParagraph);
  return (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Appends a paragraph of `words` to a rich-text document: the text, for anchors into it. */
export function paragraph(doc: Y.Doc, words: string): Y.XmlText {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, words);
  p.insert(0, [t]);
  doc.getXmlFragment('default').push([p]);
  return t;
}

/** Appends a paragraph that mentions a person, as the editor's mention node stores it. */
export function mentionParagraph(doc: Y.Doc, id: string, label: string): void {
  const p = new Y.XmlElement('paragraph');
  const m = new Y.XmlElement('mention');
  m.setAttribute('id', id);
  m.setAttribute('label', label);
  p.insert(0, [new Y.XmlText('Over to '), m]);
  doc.getXmlFragment('default').push([p]);
}

/** What `body` holds, without writing anything (for readers). */
export function textOf(doc: Y.Doc): string {
  const paragraph = doc.getXmlFragment('default').get(0);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  return text instanceof Y.XmlText ? text.toString() : '';
}

/** Writes `marker` into a document of `kind` in the shape that kind allows (a check-in, or text). */
export function writeMarker(doc: Y.Doc, kind: string, marker: string): void {
  if (kind !== 'checkins') {
    body(doc).insert(0, marker);
    return;
  }
  const entry = new Y.Map<unknown>();
  const notes = new Y.XmlFragment();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(marker)]);
  notes.insert(0, [paragraph]);
  // One transaction, as the web adds a check-in: otherwise the entry and each of its fields are
  // separate updates, and a reader can hold an entry whose id has not arrived yet.
  doc.transact(() => {
    doc.getArray('entries').push([entry]);
    entry.set('id', marker.slice(0, 60));
    entry.set('date', '2026-11-27');
    entry.set('status', 'on_track');
    entry.set('body', notes);
  });
}

/** An update that inserts `text` at the start of the document's body, made by a fresh client. */
export function insertUpdate(text: string, base?: Y.Doc): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  body(doc).insert(0, text);
  return Y.encodeStateAsUpdate(doc, before);
}
