import { type Action, type CreateProjectBody, conflict, type ListProjectsQuery, type Member, type Project, type Role, type Status } from '@stint/domain';
import { type Kysely, sql, type Transaction } from 'kysely';
import { newId } from '../ids.ts';
import type { Database } from '../schema.ts';
import { appendEvent, type OnEvent } from './events.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertProject(db: Kysely<Database>, employerId: string, input: CreateProjectBody, now = Date.now()): Promise<Project> {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('projects')
      .values({
        id,
        employer_id: employerId,
        title: input.title,
        summary: input.summary,
        estimated_hours: input.estimatedHours,
        pay_amount: input.compensation.amount,
        pay_currency: input.compensation.currency,
        due_date: input.dueDate ?? null,
        status: 'draft',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('project_skills')
      .values(input.skills.map((skill, position) => ({ project_id: id, skill, position })))
      .execute();
    await trx.insertInto('project_members').values({ project_id: id, user_id: employerId, role: 'employer', created_at: now }).execute();
    await appendEvent(trx, { projectId: id, actorId: employerId, action: 'create', to: 'draft', now });
  });
  const project = await findProject(db, id);
  if (!project) throw new Error(`Project ${id} vanished right after it was written`);
  return project;
}

const projectColumns = [
  'projects.id as id',
  'projects.title as title',
  'projects.summary as summary',
  'projects.estimated_hours as estimated_hours',
  'projects.pay_amount as pay_amount',
  'projects.pay_currency as pay_currency',
  'projects.due_date as due_date',
  'projects.status as status',
  'projects.created_at as created_at',
  'users.id as employer_id',
  'users.name as employer_name',
  'organisations.name as organisation',
] as const;

type ProjectRow = {
  id: string;
  title: string;
  summary: string;
  estimated_hours: number;
  pay_amount: number;
  pay_currency: string;
  due_date: string | null;
  status: Status;
  created_at: number;
  employer_id: string;
  employer_name: string;
  organisation: string | null;
};

function toProject(row: ProjectRow, skills: string[]): Project {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    skills,
    estimatedHours: Number(row.estimated_hours),
    compensation: { amount: Number(row.pay_amount), currency: row.pay_currency },
    dueDate: row.due_date,
    status: row.status,
    employer: { id: row.employer_id, name: row.employer_name, organisation: row.organisation },
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

async function skillsOf(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const bySkill = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return bySkill;
  const rows = await db
    .selectFrom('project_skills')
    .select(['project_id', 'skill'])
    .where('project_id', 'in', ids)
    .orderBy('project_id')
    .orderBy('position')
    .execute();
  for (const row of rows) bySkill.get(row.project_id)?.push(row.skill);
  return bySkill;
}

export async function findProject(db: Db, id: string): Promise<Project | undefined> {
  const row = await db
    .selectFrom('projects')
    .innerJoin('users', 'users.id', 'projects.employer_id')
    .leftJoin('organisations', 'organisations.user_id', 'projects.employer_id')
    .select(projectColumns)
    .where('projects.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const skills = await skillsOf(db, [id]);
  return toProject(row, skills.get(id) ?? []);
}

/** `%`, `_` and the escape character itself are literal in a search, not patterns. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Projects `viewerId` may see (open ones, and those they are a member of, drafts only to their
 * employer; signed out, open ones only), newest first, narrowed by the filters.
 */
export async function listProjects(db: Kysely<Database>, viewerId: string | null, filters: ListProjectsQuery): Promise<Project[]> {
  let query = db
    .selectFrom('projects')
    .innerJoin('users', 'users.id', 'projects.employer_id')
    .leftJoin('organisations', 'organisations.user_id', 'projects.employer_id')
    .leftJoin('project_members as me', (join) =>
      // No user id is the empty string, so a signed-out viewer joins no membership.
      join.onRef('me.project_id', '=', 'projects.id').on('me.user_id', '=', viewerId ?? ''),
    )
    .select(projectColumns)
    .where((eb) =>
      eb.or([
        eb('projects.status', '=', 'open'),
        eb.and([eb('me.user_id', 'is not', null), eb.or([eb('projects.status', '!=', 'draft'), eb('me.role', '=', 'employer')])]),
      ]),
    );
  if (filters.mine) query = query.where('me.user_id', 'is not', null);
  if (filters.status) query = query.where('projects.status', '=', filters.status);
  if (filters.employer) query = query.where('projects.employer_id', '=', filters.employer);
  if (filters.skill) {
    const skill = filters.skill;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_skills')
          .select('project_skills.skill')
          .whereRef('project_skills.project_id', '=', 'projects.id')
          .where('project_skills.skill', '=', skill),
      ),
    );
  }
  if (filters.q) {
    const pattern = likePattern(filters.q);
    query = query.where((eb) =>
      eb.or([eb(sql`lower(projects.title)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(projects.summary)`, 'like', sql`${pattern} escape '\\'`)]),
    );
  }
  if (filters.currency !== undefined) query = query.where('projects.pay_currency', '=', filters.currency);
  if (filters.minPay !== undefined) query = query.where('projects.pay_amount', '>=', filters.minPay);
  if (filters.maxHours !== undefined) query = query.where('projects.estimated_hours', '<=', filters.maxHours);
  const rows = await query
    .orderBy('projects.created_at', 'desc')
    .orderBy('projects.id')
    .limit(filters.limit ?? 50)
    .offset(filters.offset ?? 0)
    .execute();
  const skills = await skillsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toProject(row, skills.get(row.id) ?? []));
}

/** Every role a person holds in any project (what notifications can reach them as). */
export async function rolesHeldBy(db: Db, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('project_members').select('role').distinct().where('user_id', '=', userId).execute();
  return rows.map((r) => r.role);
}

export async function findRole(db: Db, projectId: string, userId: string): Promise<Role | null> {
  const row = await db.selectFrom('project_members').select('role').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role ?? null;
}

export async function listMembers(db: Db, projectId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('project_members')
    .innerJoin('users', 'users.id', 'project_members.user_id')
    .select(['users.id as userId', 'users.name as name', 'project_members.role as role'])
    .where('project_members.project_id', '=', projectId)
    .orderBy('project_members.created_at')
    .orderBy('users.name')
    .execute();
  return rows.map((r) => ({ userId: r.userId, name: r.name, role: r.role }));
}

export interface TransitionInput {
  projectId: string;
  actorId: string;
  action: Action;
  from: Status;
  to: Status;
  payload?: unknown;
  now?: number;
  onEvent?: OnEvent;
  /**
   * What the command says follows the move, in its transaction, before the event is logged (what
   * the event's hooks read, the fee's reminder, is then in place); null when nothing does.
   */
  follow: ((trx: Transaction<Database>) => Promise<void>) | null;
}

/**
 * Moves the project from `from` to `to` only if it is still in `from` — the guard that makes two
 * racing requests end with exactly one winner — then what the caller says follows, and logs the
 * move, all in the caller's transaction.
 */
export async function moveProject(trx: Transaction<Database>, input: TransitionInput): Promise<void> {
  const now = input.now ?? Date.now();
  const result = await trx
    .updateTable('projects')
    .set({ status: input.to, updated_at: now })
    .where('id', '=', input.projectId)
    .where('status', '=', input.from)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) {
    throw conflict('state_changed', 'The project changed while you were acting on it; reload it and try again.');
  }
  await input.follow?.(trx);
  await appendEvent(trx, { ...input, now });
}

/** A move in a transaction of its own (tests and benchmarks; the server's moves are commands). */
export async function recordMove(db: Kysely<Database>, input: TransitionInput): Promise<Project> {
  await db.transaction().execute((trx) => moveProject(trx, input));
  const project = await findProject(db, input.projectId);
  if (!project) throw new Error(`Project ${input.projectId} vanished during a transition`);
  return project;
}
