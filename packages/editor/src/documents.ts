import * as Y from 'yjs';

/** Where each document keeps its content inside its Y.Doc; every client and renderer uses these. */
export const RICH_TEXT_FIELD = 'default';
export const CHECKINS_FIELD = 'entries';

export const CHECKIN_STATUSES = ['on_track', 'at_risk', 'blocked'] as const;
export type CheckinStatus = (typeof CHECKIN_STATUSES)[number];

export const CHECKIN_STATUS_LABELS: Readonly<Record<CheckinStatus, string>> = {
  on_track: 'On track',
  at_risk: 'At risk',
  blocked: 'Blocked',
};

/** The dates of a check-ins document's entries (YYYY-MM-DD), whatever else an entry holds. */
export function checkinEntryDates(doc: Y.Doc): string[] {
  return doc
    .getArray<unknown>(CHECKINS_FIELD)
    .toArray()
    .map((entry) => (entry instanceof Y.Map ? entry.get('date') : null))
    .filter((date): date is string => typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date));
}
