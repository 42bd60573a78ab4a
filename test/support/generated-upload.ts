import { request } from 'node:http';
import { rssBytes } from '../bench/proc.ts';

const ROW = Buffer.from('2026-11-27,segment,1234.56,0.31\n');
const CHUNK = Buffer.alloc(256 * 1024);
for (let at = 0; at < CHUNK.length; at += ROW.length) ROW.copy(CHUNK, at);

/**
 * POSTs `bytes` of CSV-like text generated as it is sent (the sender holds one 256 KiB chunk),
 * with or without a declared length. A server that refuses mid-body may cut the connection once
 * it has answered: that answer is the result, not an error.
 */
export function postGenerated(
  url: URL,
  bytes: number,
  options: { headers: Record<string, string>; declareLength: boolean },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'text/csv', ...options.headers, ...(options.declareLength ? { 'content-length': String(bytes) } : {}) };
    let answered = false;
    const req = request(url, { method: 'POST', headers }, (res) => {
      answered = true;
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    let sent = 0;
    const more = () => {
      while (sent < bytes && !req.destroyed) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, bytes - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

/** Runs `work` while sampling process `pid`'s resident memory: its result, and the RSS before and at the peak, in bytes. */
export async function sampleRss<T>(pid: number, work: () => Promise<T>, everyMs = 10): Promise<{ result: T; before: number; peak: number }> {
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), everyMs);
  try {
    const result = await work();
    return { result, before, peak };
  } finally {
    clearInterval(sampler);
  }
}
