import { describe, expect, it } from 'vitest';
import { applicationAbilities, decideApplicationMove } from './applications.ts';
import { passes } from './passes.ts';
import { APPLICATION_STATUSES } from './schemas/projects.ts';

describe('applicationAbilities', () => {
  it('offers exactly the moves the application table allows, for every status and reader', () => {
    for (const status of APPLICATION_STATUSES)
      for (const by of ['employer', 'applicant', null] as const)
        for (const decide of [true, false]) {
          const abilities = applicationAbilities(status, by, decide);
          const declinable = passes(() => decideApplicationMove(status, 'decline', by));
          expect(abilities, `${status} ${by} ${decide}`).toEqual({
            accept: decide && declinable,
            decline: decide && declinable,
            withdraw: passes(() => decideApplicationMove(status, 'withdraw', by)),
          });
        }
  });

  it('a pending application: the employer of an open project accepts or declines it, its applicant withdraws it; after that, nobody', () => {
    expect(applicationAbilities('pending', 'employer', true)).toEqual({ accept: true, decline: true, withdraw: false });
    expect(applicationAbilities('pending', 'employer', false)).toEqual({ accept: false, decline: false, withdraw: false });
    expect(applicationAbilities('pending', 'applicant')).toEqual({ accept: false, decline: false, withdraw: true });
    for (const status of ['accepted', 'declined', 'withdrawn'] as const) {
      expect(applicationAbilities(status, 'employer', true)).toEqual({ accept: false, decline: false, withdraw: false });
      expect(applicationAbilities(status, 'applicant')).toEqual({ accept: false, decline: false, withdraw: false });
    }
  });
});
