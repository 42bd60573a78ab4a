import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { initial } from './0001-initial.ts';
import { versions } from './0002-versions.ts';
import { portfolio } from './0003-portfolio.ts';
import { docAuthors } from './0004-doc-authors.ts';
import { versionHtml } from './0005-version-html.ts';
import { loginFailures } from './0006-login-failures.ts';
import { rateEvents } from './0007-rate-events.ts';
import { applicationMessages } from './0008-application-messages.ts';
import { docFences } from './0009-doc-fences.ts';
import { accountTypes } from './0010-account-types.ts';
import { notifications } from './0011-notifications.ts';
import { reminders } from './0012-reminders.ts';
import { files } from './0013-files.ts';
import { handles } from './0014-handles.ts';
import { revocation } from './0015-revocation.ts';
import { holderDids } from './0016-holder-dids.ts';
import { milestonesWorkLog } from './0017-milestones-work-log.ts';
import { payments } from './0018-payments.ts';
import { organisations } from './0019-organisations.ts';
import { reviews } from './0020-reviews.ts';
import { retireLiveDocuments } from './0021-retire-live-documents.ts';
import { reservationTickets } from './0022-reservation-tickets.ts';
import { fileReservations } from './0023-file-reservations.ts';
import { organisationNameKeys } from './0024-organisation-name-keys.ts';
import { releasedHandles } from './0025-released-handles.ts';
import { invitations } from './0026-invitations.ts';
import { profiles } from './0027-profiles.ts';

/** Forward-only; a new migration is a new entry, never an edit of an old one. */
function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-initial': initial(dialect),
    '0002-versions': versions(dialect),
    '0003-portfolio': portfolio(),
    '0004-doc-authors': docAuthors(),
    '0005-version-html': versionHtml(),
    '0006-login-failures': loginFailures(),
    '0007-rate-events': rateEvents(),
    '0008-application-messages': applicationMessages(),
    '0009-doc-fences': docFences(),
    '0010-account-types': accountTypes(),
    '0011-notifications': notifications(),
    '0012-reminders': reminders(),
    '0013-files': files(dialect),
    '0014-handles': handles(),
    '0015-revocation': revocation(),
    '0016-holder-dids': holderDids(),
    '0017-milestones-work-log': milestonesWorkLog(),
    '0018-payments': payments(),
    '0019-organisations': organisations(),
    '0020-reviews': reviews(),
    '0021-retire-live-documents': retireLiveDocuments(),
    '0022-reservation-tickets': reservationTickets(),
    '0023-file-reservations': fileReservations(),
    '0024-organisation-name-keys': organisationNameKeys(),
    '0025-released-handles': releasedHandles(),
    '0026-invitations': invitations(dialect),
    '0027-profiles': profiles(),
  };
}

/**
 * Runs every migration not yet run; `upTo` stops after the named one (tests of a backfill).
 * `schema`: the Postgres schema the tables live in. Kysely looks for its bookkeeping tables in any
 * schema unless told which, so a database whose `public` schema was migrated once would make every
 * other schema's migration skip creating them and fail.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect, upTo?: string, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(dialect) };
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await (upTo ? migrator.migrateTo(upTo) : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
