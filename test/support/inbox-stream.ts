/** Reading a person's live inbox (`GET /api/me/notifications/stream`, server-sent events) as the web app does. */

/** Reads `unread` events from the inbox stream until `want` is seen (or the time runs out). */
export async function unreadSeen(url: string, token: string, want: number, timeoutMs: number): Promise<number[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const seen: number[] = [];
  try {
    const response = await fetch(`${url}/api/me/notifications/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (const match of buffer.matchAll(/data: (\{[^\n]*\})/g)) seen.push((JSON.parse(match[1]!) as { unread: number }).unread);
      buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
      if (seen.includes(want)) break;
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}
