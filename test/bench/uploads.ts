import { postGenerated, sampleRss } from '../support/generated-upload.ts';
import { startStint } from '../support/server-process.ts';
import { setupWorkspace } from '../support/workspace.ts';
import { startPeer } from './proc.ts';

const MiB = 1024 * 1024;
const FILE_BYTES = 25 * MiB;
const CONCURRENT = 10;

async function measure(pid: number, url: URL, headers: Record<string, string>) {
  const started = performance.now();
  const {
    result: answers,
    before,
    peak,
  } = await sampleRss(pid, () => Promise.all(Array.from({ length: CONCURRENT }, () => postGenerated(url, FILE_BYTES, { headers, declareLength: true }))), 20);
  const seconds = (performance.now() - started) / 1000;
  if (answers.some((a) => a.status !== 201)) throw new Error(`uploads answered ${answers.map((a) => a.status).join(', ')}`);
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
