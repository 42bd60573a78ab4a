import { describe, expect, it } from 'vitest';
import { type OpenedTestDatabase, testDatabaseTargets } from './index.ts';

const postgres = (await testDatabaseTargets()).find((t) => t.dialect === 'postgres')!;

// Test files run on several workers, each in a Postgres schema of its own in one database. Kysely's
// migrator looks for its tables across every schema, and a schema another worker drops in the
// meantime made that look-up fail ("schema stint_test_… does not exist": CI, Node 24, two workers).
describe.skipIf(postgres.skipReason !== null)('test schemas on one Postgres', () => {
  it('migrate while others are dropped', async () => {
    const dropping = async () => {
      for (let i = 0; i < 6; i++) {
        const opened = await postgres.open();
        await opened.drop();
      }
    };
    const migrating = async () => {
      const kept: OpenedTestDatabase[] = [];
      try {
        for (let i = 0; i < 6; i++) kept.push(await postgres.open());
      } finally {
        await Promise.all(kept.map((o) => o.drop()));
      }
      return kept.length;
    };
    const [, , made] = await Promise.all([dropping(), dropping(), migrating()]);
    expect(made).toBe(6);
  }, 120_000);
});
