import type { StintDatabase } from '@stint/db';
import type { LiveTopic, PersonTopic } from '@stint/domain';
import type { Authorize } from '../access/authorize.ts';
import type { Tell } from '../notifications/telling.ts';

/** What a route that changes a project needs: the database, the live channel, and notifications. */
export interface ChangeDeps {
  database: StintDatabase;
  /** The one access decision (access/authorize.ts). */
  authorize: Authorize;
  /** After the commit: open pages (and, for status or members, socket rights) follow. */
  onProjectChanged: (projectId: string, topics: readonly LiveTopic[]) => Promise<void>;
  tell: Tell;
}

/** After the commit: these people's own open pages (dashboard, a project they applied to) learn what of theirs moved. */
export type OnPeopleChanged = (userIds: readonly string[], topics: readonly PersonTopic[]) => void;
