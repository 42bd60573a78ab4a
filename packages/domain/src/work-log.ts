import { conflict, forbidden, invalid } from './errors.ts';
import type { Role } from './roles.ts';
import type { Status } from './statuses.ts';

/** An entry can be corrected for two days, then it is part of the record (Riipen's log freezes too). */
export const WORK_LOG_EDIT_HOURS = 48;
/** One entry is one day's work at most. */
export const WORK_LOG_MAX_MINUTES = 24 * 60;
/** How far back an entry's date may go: the log is kept as the work happens, not rebuilt later. */
export const WORK_LOG_BACKDATE_DAYS = 14;

/** The student logs while working on it and while it is reviewed (time spent before submitting). */
export const WORK_LOG_STATUSES: readonly Status[] = ['in_progress', 'in_review'];

/** Who logs time: the student, while the work is under way. Everyone else on the project reads it. */
export function assertCanLogWork(status: Status, role: Role | null): void {
  if (role !== 'student') throw forbidden('not_allowed', "Only the project's student logs time on it.");
  if (!WORK_LOG_STATUSES.includes(status)) throw conflict('invalid_transition', `Time can't be logged on a project that is ${status.replace('_', ' ')}.`);
}

/** The student changes their own entries while the project is under way and the entry is young enough. */
export function assertCanEditWorkEntry(input: { status: Status; role: Role | null; createdAt: string; now: Date }): void {
  assertCanLogWork(input.status, input.role);
  if (input.now.getTime() - Date.parse(input.createdAt) > WORK_LOG_EDIT_HOURS * 3_600_000) {
    throw conflict('entry_frozen', `Entries can be changed for ${WORK_LOG_EDIT_HOURS} hours after they are logged; this one is part of the record now.`);
  }
}

/** A date the work was done on: not in the future, not more than two weeks back. */
export function checkWorkDate(date: string, today: string): void {
  if (date > today) throw invalid('invalid_request', 'Work can’t be logged for a day that hasn’t come yet.');
  const back = Math.round((Date.parse(today) - Date.parse(date)) / 86_400_000);
  if (back > WORK_LOG_BACKDATE_DAYS) throw invalid('invalid_request', `Log work within ${WORK_LOG_BACKDATE_DAYS} days of doing it.`);
}

/** A day has 24 hours: what one person logs on one date, over all their entries and projects. */
export const WORK_LOG_MAX_MINUTES_PER_DAY = 24 * 60;

/** Whether `minutes` more fit into a day where `logged` are already logged (by the same person). */
export function checkRoomInDay(logged: number, minutes: number): void {
  if (logged + minutes > WORK_LOG_MAX_MINUTES_PER_DAY) {
    const left = Math.max(0, WORK_LOG_MAX_MINUTES_PER_DAY - logged);
    throw conflict('day_full', `A day has 24 hours: ${formatMinutes(logged)} are logged on it already, so at most ${formatMinutes(left)} more.`);
  }
}

/** "3 h 15 min" — how totals read everywhere. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
