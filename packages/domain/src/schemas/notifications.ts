import { z } from 'zod';
import { NOTIFICATION_CHANNELS, NOTIFICATION_GROUPS, NOTIFICATION_KIND_NAMES, type NotificationGroup } from '../notifications.ts';

export const NotificationKindEnum = z.enum(NOTIFICATION_KIND_NAMES);
export const NotificationChannelEnum = z.enum(NOTIFICATION_CHANNELS);

export const Notification = z.object({
  id: z.string(),
  kind: z.string(),
  at: z.string(),
  read: z.boolean(),
  projectId: z.string().optional(),
  text: z.string(),
  /** The words the event carried (a request-changes or decline message), when the person may read them. */
  message: z.string().optional(),
  /** Where in the app it opens: a path. */
  link: z.string(),
});

export const NotificationsResponse = z.object({
  notifications: z.array(Notification),
  unread: z.number().int(),
  /** Pass as `before` for older ones; null when there are no more. */
  next: z.string().nullable(),
});

export const NotificationsQuery = z.strictObject({
  unread: z.enum(['0', '1']).optional(),
  before: z.string().regex(/^\d+$/, 'before is a cursor from a previous answer.').transform(Number).optional(),
  limit: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(100)).optional(),
});

export const MarkReadBody = z.strictObject({ ids: z.array(z.string().max(40)).max(500).optional() });

export const NotificationPref = z.object({
  kind: NotificationKindEnum,
  label: z.string(),
  channel: NotificationChannelEnum,
  /** What it is when the person has not chosen. */
  default: NotificationChannelEnum,
  /** Where the preferences page lists it (NOTIFICATION_GROUPS). */
  group: z.enum(Object.keys(NOTIFICATION_GROUPS) as [NotificationGroup, ...NotificationGroup[]]),
  /** Whether it can reach this person as they are now (their account type, the roles they hold): the rest are listed apart. */
  concernsYou: z.boolean(),
});
export const NotificationPrefsResponse = z.object({ prefs: z.array(NotificationPref) });
export const NotificationPrefsBody = z.strictObject({
  prefs: z.array(z.strictObject({ kind: NotificationKindEnum, channel: NotificationChannelEnum })).max(50),
});

/** The live stream's query: the one project the page shows, whose topics it also wants to hear. */
export const LiveStreamQuery = z.strictObject({ project: z.string().min(1).max(64).optional() });
