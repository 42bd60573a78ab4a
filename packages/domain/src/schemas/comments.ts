import { z } from 'zod';
import { COMMENTABLE_KINDS } from '../doc-kinds.ts';
import { isCleanLine, isCleanText } from './hidden-characters.ts';

export const CommentDocEnum = z.enum(COMMENTABLE_KINDS);

const Anchor = z.string().min(1, 'An anchor is a base64 relative position.').max(512);
const Body = z
  .string()
  .trim()
  .min(1, 'Write something.')
  .max(5000, 'A comment has at most 5,000 characters.')
  .refine(isCleanText, 'A comment can’t hold control characters or direction overrides.');

export const CreateCommentBody = z.strictObject({
  doc: CommentDocEnum,
  anchor: z.strictObject({ from: Anchor, to: Anchor }),
  quote: z.string().max(1000),
  body: Body,
  /** People @mentioned in the body (user ids): each must be able to read the document. */
  mentions: z.array(z.string().max(40)).max(20).optional(),
});
export type CreateCommentBody = z.infer<typeof CreateCommentBody>;

export const ReplyBody = z.strictObject({ body: Body, mentions: z.array(z.string().max(40)).max(20).optional() });

export const ThreadSchema = z.object({
  id: z.string(),
  doc: CommentDocEnum,
  anchor: z.object({ from: z.string(), to: z.string() }),
  quote: z.string(),
  resolved: z.boolean(),
  messages: z.array(z.object({ id: z.string(), author: z.object({ id: z.string(), name: z.string() }), body: z.string(), createdAt: z.string() })),
});
export const ThreadResponse = z.object({ thread: ThreadSchema });
export const ThreadListResponse = z.object({ threads: z.array(ThreadSchema) });
export const ThreadListQuery = z.strictObject({ doc: CommentDocEnum.optional() });
export const ThreadParams = z.object({ id: z.string().min(1).max(64), threadId: z.string().min(1).max(64) });

export const SaveVersionBody = z.strictObject({
  label: z.string().trim().min(1, 'Name the version.').max(120).refine(isCleanLine, 'A version name is one line without control characters.'),
});
export const VersionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  reason: z.string(),
  sha256: z.string(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export const VersionListResponse = z.object({ versions: z.array(VersionSchema) });
export const VersionResponse = z.object({ version: VersionSchema });
export const VersionDetailResponse = z.object({ id: z.string(), label: z.string(), sha256: z.string(), text: z.string(), html: z.string() });
