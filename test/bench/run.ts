/**
 * `pnpm bench`: every benchmark, printed as markdown tables. Peers run in the same run on the
 * same machine so the comparison is by ratio; none of this is part of the test run.
 */
import { cpus, totalmem } from 'node:os';
import { buildServer } from '../support/server-build.ts';
import { broadcastBench } from './broadcast.ts';
import { commitShapesBench, commitShapesTable } from './commit-shapes.ts';
import { documentsBench } from './documents.ts';
import { saturationBench, saturationTable, soakBench, soakTable } from './soak.ts';
import { storageBench } from './storage.ts';
import { uploadsBench } from './uploads.ts';

const only = process.argv[2];
// Stint runs as `pnpm start` runs it: the built server.
buildServer();
const out: string[] = [
  `# Stint benchmarks — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
];

if (!only || only === 'broadcast') {
  const results = await broadcastBench([20, 100]);
  const ywss = new Map(results.filter((r) => r.server.startsWith('@y/')).map((r) => [r.readers, r]));
  out.push(
    '',
    `## Broadcast: 1 writer, N readers, 1,000 single-character inserts at 200/s (each server process warmed up by 10,000 inserts first); median of ${results[0]?.repeats ?? 1} interleaved runs`,
    '',
  );
  out.push('| server | readers | p50 ms | p99 ms | server CPU µs / delivered update (range) | CPU vs y-websocket-server | p50 vs y-websocket-server |');
  out.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const peer = ywss.get(r.readers)!;
    const range = r.cpuRange ? ` (${r.cpuRange[0].toFixed(1)}–${r.cpuRange[1].toFixed(1)})` : '';
    out.push(
      `| ${r.server} | ${r.readers} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.cpuPerDeliveryUs.toFixed(1)}${range} | ${(r.cpuPerDeliveryUs / peer.cpuPerDeliveryUs).toFixed(2)}× | ${(r.p50 / peer.p50).toFixed(2)}× |`,
    );
  }
}
if (!only || only === 'soak') {
  const seconds = Number(process.env.SOAK_SECONDS ?? 60);
  const shapes = [
    { label: '100 rooms × 4', rooms: 100, sockets: 4, writers: 1, insertsPerSecond: 2, seconds },
    { label: '500 rooms × 4', rooms: 500, sockets: 4, writers: 1, insertsPerSecond: 2, seconds },
    { label: 'storm: 1 room × 400, 20 writers', rooms: 1, sockets: 400, writers: 20, insertsPerSecond: 2, seconds: Math.min(seconds, 30) },
    // What an open but quiet socket costs: RSS end − start over the 2,000 sockets (the room included).
    { label: 'idle: 500 rooms × 4, nobody typing', rooms: 500, sockets: 4, writers: 0, insertsPerSecond: 1, seconds: Math.min(seconds, 30) },
  ].filter((shape) => !process.env.SOAK_SHAPES || shape.label.startsWith(process.env.SOAK_SHAPES));
  out.push(
    '',
    `## Soak: rooms × sockets, one writer per room at 2 inserts/s (the storm: 20 writers), ${seconds} s, clients in ${process.env.SOAK_WORKERS ?? 3} worker processes`,
    '',
    soakTable(await soakBench(shapes)),
  );
}
if (!only || only === 'saturation') {
  const rooms = Number(process.env.SATURATION_ROOMS ?? 100);
  const seconds = Number(process.env.SATURATION_SECONDS ?? 20);
  // Up to 80/s: at 40/s both Stint and y-websocket-server held on a quiet machine, so the ramp needs a step past them.
  const rates = (process.env.SATURATION_RATES ?? '2,5,10,20,40,80').split(',').map(Number);
  out.push(
    '',
    `## Saturation: ${rooms} rooms × 4, one writer per room typing ${rates.join(', ')} inserts/s in turn (${seconds} s each), until p99 > 100 ms`,
    '',
    saturationTable(await saturationBench(rooms, rates, seconds)),
  );
}
if (!only || only === 'commits') {
  out.push('', '## Commit shapes: one group commit, SQLite WAL FULL, keystroke updates', '', commitShapesTable(commitShapesBench()));
}
if (!only || only === 'documents') out.push('', '## Documents', '', await documentsBench());
if (!only || only === 'storage') out.push('', '## Storage queries', '', await storageBench());
if (!only || only === 'uploads') out.push('', '## Uploads', '', await uploadsBench());

console.log(out.join('\n'));
process.exit(0);
