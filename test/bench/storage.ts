/**
 * Storage costs that every request pays (session lookup, the board query), SQLite next to
 * Postgres in the same run on the same data, reported as ratios.
 */
import { createSessions } from '@stint/auth';
import { createSessionStore, createUser, insertProject, listProjects, recordMove } from '@stint/db';
import { testDatabaseTargets } from '@stint/db/testing';

const ITERATIONS = 2000;

async function time(fn: () => Promise<unknown>, iterations = ITERATIONS): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations; // µs per op
}

export async function storageBench(): Promise<string> {
  const rows: Array<{ workload: string; dialect: string; us: number }> = [];
  const lines0: string[] = [];

  for (const target of await testDatabaseTargets()) {
    if (target.skipReason) {
      lines0.push(`(${target.dialect} skipped: ${target.skipReason})`);
      continue;
    }
    const { database, drop } = await target.open();
    const { db } = database;
    const user = await createUser(db, { email: 'bench@example.test', name: 'Bench', passwordHash: 'x' });
    for (let i = 0; i < 200; i++) {
      const p = await insertProject(db, user.id, {
        title: `Project ${i}`,
        summary: 'A benchmark project with a summary long enough to search through.',
        skills: ['sql', i % 2 ? 'python' : 'design'],
        estimatedHours: 5 + (i % 40),
        compensation: { amount: 1000 * i, currency: 'USD' },
      });
      await recordMove(db, { follow: null, projectId: p.id, actorId: user.id, action: 'publish', from: 'draft', to: 'open' });
    }
    const sessions = createSessions(createSessionStore(db));
    const { token } = await sessions.create(user.id);
    rows.push({ workload: 'validate session', dialect: target.dialect, us: await time(() => sessions.validate(token)) });
    rows.push({ workload: 'board: 50 open projects', dialect: target.dialect, us: await time(() => listProjects(db, user.id, { status: 'open' }), 300) });
    rows.push({
      workload: 'board: skill + text filter',
      dialect: target.dialect,
      us: await time(() => listProjects(db, user.id, { skill: 'python', q: 'project 1' }), 300),
    });
    await drop();
  }

  const base = new Map(rows.filter((r) => r.dialect === 'sqlite').map((r) => [r.workload, r.us]));
  const lines = ['| workload | dialect | µs/op | ops/s | vs sqlite |', '|---|---|---:|---:|---:|'];
  for (const r of rows) {
    const ratio = r.us / (base.get(r.workload) ?? r.us);
    lines.push(`| ${r.workload} | ${r.dialect} | ${r.us.toFixed(1)} | ${Math.round(1e6 / r.us)} | ${ratio.toFixed(2)}× |`);
  }
  return [...lines0, ...lines].join('\n');
}
