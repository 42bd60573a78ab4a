import { request } from 'node:http';
import { startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { rssBytes, startPeer } from './proc.ts';

const MiB = 1024 * 1024;
const FILE_BYTES = 25 * MiB;
const CONCURRENT = 10;

/** One upload of FILE_BYTES of CSV-like text, generated as it is sent (the client holds one chunk). */
function upload(url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/csv', 'content-length': String(FILE_BYTES), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    const row = Buffer.from('2026-11-27,segment,1234.56,0.31\n');
    const chunk = Buffer.alloc(256 * 1024);
    for (let at = 0; at < chunk.length; at += row.length) row.copy(chunk, at);
    let sent = 0;
    const more = () => {
      while (sent < FILE_BYTES) {
        const piece = chunk.subarray(0, Math.min(chunk.length, FILE_BYTES - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', more);
      }
      req.end();
    };
    more();
  });
}

async function measure(pid: number, url: URL, headers: Record<string, string>) {
  const before = rssBytes(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
  const started = performance.now();
  const statuses = await Promise.all(Array.from({ length: CONCURRENT }, () => upload(url, headers)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (statuses.some((s) => s !== 201)) throw new Error(`uploads answered ${statuses.join(', ')}`);
  return { mibPerSecond: (CONCURRENT * FILE_BYTES) / MiB / seconds, before: before / MiB, peak: peak / MiB };
}

/** Ten concurrent 25 MiB uploads into Stint (SQLite) and into a bare stream-to-disk server. */
export async function uploadsBench(): Promise<string> {
  const stint = await startStint();
  const peer = await startPeer('disk-upload.ts');
  try {
    const ws = await setupWorkspace(stint.url);
    const ours = await measure(stint.child.pid!, new URL(`/api/projects/${ws.projectId}/files`, stint.url), {
      authorization: `Bearer ${ws.student.token}`,
      'x-file-name': 'data.csv',
    });
    const disk = await measure(peer.child.pid!, new URL(`http://127.0.0.1:${peer.port}/`), {});
    const row = (name: string, r: typeof ours) =>
      `| ${name} | ${r.mibPerSecond.toFixed(0)} | ${(r.mibPerSecond / disk.mibPerSecond).toFixed(2)}× | ${r.before.toFixed(0)} | ${r.peak.toFixed(0)} | ${(r.peak - r.before).toFixed(0)} |`;
    return [
      `${CONCURRENT} concurrent uploads of ${FILE_BYTES / MiB} MiB each (${(CONCURRENT * FILE_BYTES) / MiB} MiB in all), server RSS sampled every 20 ms. Stint stores into SQLite in 1 MiB chunks (sniffed, hashed, quota-checked); the peer only streams to a file and hashes.`,
      '',
      '| server | MiB/s | throughput vs disk peer | RSS before MiB | RSS peak MiB | RSS growth MiB |',
      '|---|---:|---:|---:|---:|---:|',
      row('Stint (SQLite blobs)', ours),
      row('bare Node stream-to-file', disk),
    ].join('\n');
  } finally {
    peer.stop();
    await stint.dispose();
  }
}
