export const DOC_KINDS = ['brief', 'deliverable', 'checkins', 'feedback', 'comments'] as const;

/** Whether a name from the wire (a socket's path) is a document kind. */
export const isDocKind = (name: string | undefined): name is DocKind => (DOC_KINDS as readonly string[]).includes(name ?? '');
export type DocKind = (typeof DOC_KINDS)[number];

/** What a kind of document is, read by every part that treats kinds differently. */
export interface DocKindTraits {
  /** What people call it. */
  readonly label: string;
  /** Rich text: a `default` fragment bound to the editor (restorable from a version). */
  readonly richText: boolean;
  /** Comment threads may anchor into it. */
  readonly commentable: boolean;
  /** Every hand-off records a version of it. */
  readonly versioned: boolean;
  /** A tab of the workspace; the comments document is shown beside the others instead. */
  readonly tab: boolean;
}

/** The one table of document kinds: change a kind's nature here, nowhere else. */
export const DOC_KIND_TRAITS = {
  brief: { label: 'Brief', richText: true, commentable: true, versioned: true, tab: true },
  deliverable: { label: 'Deliverable', richText: true, commentable: true, versioned: true, tab: true },
  checkins: { label: 'Check-ins', richText: false, commentable: false, versioned: true, tab: true },
  feedback: { label: 'Feedback', richText: true, commentable: true, versioned: true, tab: true },
  comments: { label: 'Comments', richText: false, commentable: false, versioned: false, tab: false },
} as const satisfies Readonly<Record<DocKind, DocKindTraits>>;

type Flag = 'richText' | 'commentable' | 'versioned' | 'tab';
/** The kinds that have `flag`, as a type. */
export type KindsWith<F extends Flag> = { [K in DocKind]: (typeof DOC_KIND_TRAITS)[K][F] extends true ? K : never }[DocKind];

/** The kinds that have `flag`, in DOC_KINDS order. */
export function kindsWith<F extends Flag>(flag: F): readonly KindsWith<F>[] {
  return DOC_KINDS.filter((kind) => DOC_KIND_TRAITS[kind][flag]) as KindsWith<F>[];
}

export type CommentableKind = KindsWith<'commentable'>;
export const COMMENTABLE_KINDS = kindsWith('commentable') as readonly [CommentableKind, ...CommentableKind[]];
export const VERSIONED_KINDS = kindsWith('versioned');
export type WorkspaceKind = KindsWith<'tab'>;
export const WORKSPACE_KINDS = kindsWith('tab');

/**
 * The document a comment thread on `kind` is kept in. Every member may read the comments
 * document over the websocket, but the feedback is hidden from the student until it is
 * released and a thread quotes the text it is on: so threads on the feedback live in a document
 * no socket can open (its name is not `<projectId>/<kind>`), read only through the comments API,
 * which checks the right to read the feedback.
 */
export function threadsDocName(projectId: string, kind: CommentableKind): string {
  return kind === 'feedback' ? `${projectId}/feedback-threads` : `${projectId}/comments`;
}

/** Every document a project's comment threads are kept in. */
export function threadsDocNames(projectId: string): string[] {
  return [threadsDocName(projectId, 'brief'), threadsDocName(projectId, 'feedback')];
}

/**
 * What a project's open pages hear (`GET /api/me/notifications/stream?project=<id>`, event
 * `project`): a topic's name after each committed change, never content; a page that hears one
 * asks the API again. The database stays the one source of truth.
 */
export const LIVE_TOPICS = ['status', 'members', 'applications', 'versions', 'threads', 'activity', 'plan', 'reviews', 'invitations'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];
/** What someone who may see a project but is not its member hears of it: what its public page shows. */
export const VISITOR_TOPICS: readonly LiveTopic[] = ['status', 'members'];
/** The topics of a project a person hears: every one for its members, what its page shows for the rest. */
export const liveTopicsFor = (member: boolean): readonly LiveTopic[] => (member ? LIVE_TOPICS : VISITOR_TOPICS);

/**
 * What each signed-in person's own live stream names (`GET /api/me/notifications/stream`, event
 * `changed`): their inbox, and their applications (and so the projects they were accepted onto).
 * Like the project's topics, a name only: the page asks the API again.
 */
export const PERSON_TOPICS = ['inbox', 'applications'] as const;
export type PersonTopic = (typeof PERSON_TOPICS)[number];
