/**
 * Reads and throws away what is left of a request body (up to `maxBytes`), so a client still
 * sending an oversize upload receives our 413 instead of a reset connection.
 */
export async function discardBody(request: Request, maxBytes: number): Promise<void> {
  if (!request.body || request.bodyUsed || request.body.locked) return;
  await discardRest(request.body.getReader(), maxBytes);
}

/** The same, for a body already being read: past `maxBytes` the connection is cut instead. */
export async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<void> {
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > maxBytes) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away; there is nobody left to answer.
  }
}
