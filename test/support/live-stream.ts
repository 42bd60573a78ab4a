/** Reading a person's live stream (`GET /api/me/notifications/stream`, server-sent events) as the web app does. */

export interface LiveEvent {
  event: string;
  data: { unread?: number; topics?: string[]; projectId?: string; watching?: boolean };
}

export interface LiveStream {
  /** The answer's status (200 while it streams). */
  status: number;
  /** The refusal's body when the stream was not opened. */
  error: { error: { code: string } } | null;
  events: LiveEvent[];
  /** Resolves when the server ends the stream (not when `close` is called). */
  ended: Promise<void>;
  /** Resolves with the first event `match` accepts from `from` on (by default: from now on). */
  next(match: (event: LiveEvent) => boolean, timeoutMs?: number, from?: number): Promise<LiveEvent>;
  close(): void;
}

/** Opens the stream (with `?project=` when given) and keeps reading it until closed. */
export async function openLiveStream(url: string, token: string, options: { project?: string } = {}): Promise<LiveStream> {
  const controller = new AbortController();
  const query = options.project ? `?project=${encodeURIComponent(options.project)}` : '';
  const response = await fetch(`${url}/api/me/notifications/stream${query}`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const events: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  let serverEnded: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    serverEnded = resolve;
  });
  const stream: LiveStream = {
    status: response.status,
    error: null,
    events,
    ended,
    next(match, timeoutMs = 3000, from = events.length) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(from).find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; heard ${JSON.stringify(events.slice(from))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
  if (response.status !== 200) {
    stream.error = (await response.json()) as LiveStream['error'];
    return stream;
  }
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          serverEnded();
          break;
        }
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) {
            events.push({ event, data: JSON.parse(data) as LiveEvent['data'] });
            for (const waiter of [...waiters]) waiter();
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  })();
  return stream;
}

/** Reads `unread` events from the stream until `want` is seen (or the time runs out). */
export async function unreadSeen(url: string, token: string, want: number, timeoutMs: number): Promise<number[]> {
  const stream = await openLiveStream(url, token);
  try {
    await stream.next((e) => e.event === 'unread' && e.data.unread === want, timeoutMs, 0).catch(() => undefined);
    return stream.events.filter((e) => e.event === 'unread').map((e) => e.data.unread!);
  } finally {
    stream.close();
  }
}

/** The project topics a stream heard so far. */
export const projectTopicsHeard = (stream: LiveStream): string[] => stream.events.filter((e) => e.event === 'project').flatMap((e) => e.data.topics ?? []);
