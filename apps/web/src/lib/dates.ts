/**
 * Dates as people read them, in one format from their own locale: a day ("Dec 30, 2026") or a
 * moment ("Dec 7, 2026, 8:21 AM"). A calendar date (YYYY-MM-DD: a due date, a check-in's day) is
 * read at local noon, so no time zone moves it to the day before.
 */
const DAY = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const MOMENT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const SHORT_DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

const parse = (value: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00` : value);

export const formatDay = (value: string): string => DAY.format(parse(value));
export const formatMoment = (value: string): string => MOMENT.format(parse(value));
/** A day without its year, where space is short and the year is plain (a timeline's axis). */
export const formatShortDay = (value: string | number): string => SHORT_DAY.format(typeof value === 'number' ? value : parse(value));
