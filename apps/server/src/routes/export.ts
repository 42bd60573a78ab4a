import { createRoute } from '@hono/zod-openapi';
import type { DocServer } from '@stint/collab';
import { listActivity, listMembers, listMilestones, listWorkLog, type StintDatabase, type StoredFile } from '@stint/db';
import { activityVisibleTo, type DocKind, fileUrl, IdParam, ratingVisibleTo } from '@stint/domain';
import type { WorkspaceExport } from '@stint/export';
import { z } from 'zod';
import type { Authorize } from '../access/authorize.ts';
import { reviewState } from '../commands/review-state.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { filesShownIn, repointFiles } from '../files/references.ts';
import { workspaceZip, zipNames } from '../files/zip-export.ts';
import { errorResponses, signedIn } from '../http/openapi-helpers.ts';
import { newRouter } from '../http/router.ts';
import { readAllThreads } from '../http/threads.ts';
import { requireUser } from '../middleware/authenticate.ts';
import type { Renderer } from '../renderer.ts';

const KINDS: Array<[DocKind, string]> = [
  ['brief', 'Brief'],
  ['deliverable', 'Deliverable'],
  ['checkins', 'Check-ins'],
  ['feedback', 'Feedback'],
];

/** Images a Word or single-file HTML export embeds at most, in bytes: the rest are named instead. */
const EMBEDDED_IMAGE_BYTES = 64 * 1024 * 1024;
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The exporters (Word's among them) load on the first export, not at start-up. */
const exporters = async () => {
  const lib = await import('@stint/export');
  return {
    ...lib,
    formats: {
      html: { type: 'text/html; charset=utf-8', ext: 'html', render: lib.exportHtml },
      md: { type: 'text/markdown; charset=utf-8', ext: 'md', render: lib.exportMarkdown },
      json: { type: 'application/json; charset=utf-8', ext: 'json', render: lib.exportJson },
    },
  } as const;
};

/** The workspace as one file, rendered on the server from the documents' Yjs state. */
export function exportRoutes({
  database,
  authorize,
  renderer,
  docServer,
  blobs,
  clock,
}: {
  database: StintDatabase;
  authorize: Authorize;
  renderer: Renderer;
  docServer: DocServer;
  blobs: BlobStore;
  /** The server's clock: whether the reviews are revealed yet is read at it, as the reviews route does. */
  clock: () => number;
}) {
  const router = newRouter();

  /** The bytes of the images among `files`, up to a total: the rest are left as they are. */
  async function imageBytes(files: readonly StoredFile[]): Promise<Map<StoredFile, Uint8Array>> {
    const images = new Map<StoredFile, Uint8Array>();
    let total = 0;
    for (const file of files.filter((f) => f.type.startsWith('image/'))) {
      if ((total += file.size) > EMBEDDED_IMAGE_BYTES) break;
      const chunks: Uint8Array[] = [];
      for await (const chunk of blobs.read(file.sha256)) chunks.push(chunk);
      images.set(file, Buffer.concat(chunks));
    }
    return images;
  }

  /** The deliverable's own images, by URL, for Word to embed. */
  async function deliverableImages(projectId: string): Promise<Map<string, Uint8Array>> {
    const { html } = await renderer.current(projectId, 'deliverable');
    const images = await imageBytes(await filesShownIn(database, projectId, [html], ['deliverable']));
    return new Map([...images].map(([file, bytes]) => [fileUrl(projectId, file.id), bytes]));
  }

  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/projects/{id}/export',
      tags: ['export'],
      summary: 'Download the workspace as HTML, Markdown, JSON or a zip with its files, or the deliverable as Word (members who may read it)',
      security: signedIn,
      request: { params: IdParam, query: z.strictObject({ format: z.enum(['html', 'md', 'json', 'docx', 'zip']).default('html') }) },
      responses: {
        200: {
          description: 'The file, as an attachment.',
          content: {
            'text/html': { schema: z.string() },
            'text/markdown': { schema: z.string() },
            'application/json': { schema: z.string() },
            [DOCX_TYPE]: { schema: z.string() },
            'application/zip': { schema: z.string() },
          },
        },
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const user = requireUser(c);
      const { id } = c.req.valid('param');
      const { project, role, may } = await authorize(user, id, 'member');
      const slug =
        project.title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 60) || 'project';
      const wanted = c.req.valid('query').format;
      const { exportHtml, exportMarkdown, markdownFile, richTextDocx, formats } = await exporters();
      if (wanted === 'docx') {
        // The deliverable alone, as Word: the same right as reading it.
        await authorize(user, id, { kind: 'deliverable', right: 'read' });
        const [images, members, threads] = await Promise.all([
          deliverableImages(id),
          listMembers(database.db, id),
          readAllThreads(docServer, id, (kind) => may(kind, 'read'), 'deliverable'),
        ]);
        // Comment threads become Word comments, open suggestions tracked changes by their suggester.
        const comments = threads.map((t) => ({
          quote: t.quote,
          resolved: t.resolved,
          messages: t.messages.map((m) => ({ author: m.author.name, body: m.body, createdAt: m.createdAt })),
        }));
        const file = await docServer.read(`${id}/deliverable`, (doc) =>
          richTextDocx({
            title: project.title,
            subtitle: `Deliverable · ${project.employer.name} · exported ${new Date().toISOString().slice(0, 10)}`,
            doc,
            images,
            people: new Map(members.map((m) => [m.userId, m.name])),
            comments,
          }),
        );
        return c.body(new Uint8Array(file), 200, { 'content-type': DOCX_TYPE, 'content-disposition': `attachment; filename="${slug}-deliverable.docx"` });
      }
      const readable = KINDS.filter(([kind]) => may(kind, 'read'));
      const documents = await Promise.all(readable.map(async ([kind, title]) => ({ kind, title, ...(await renderer.current(id, kind)) })));
      const data: WorkspaceExport = {
        project,
        members: (await listMembers(database.db, id)).map((m) => ({ name: m.name, role: m.role })),
        // The whole timeline, oldest first, as the exporter may see it (applications: employer only).
        activity: (await listActivity(database.db, id, { limit: 10_000 }))
          .filter((e) => activityVisibleTo(e.action, role!))
          .reverse()
          .map((e) => {
            const message = (e.payload as { message?: unknown } | null)?.message;
            return { at: e.createdAt, actor: e.actorName, kind: e.action, ...(typeof message === 'string' ? { message } : {}) };
          }),
        documents,
        workLog: await listWorkLog(database.db, id).then((log) => ({
          totalMinutes: log.totalMinutes,
          entries: log.entries.map((e) => ({ date: e.date, minutes: e.minutes, description: e.description, by: e.by.name })),
        })),
        milestones: (await listMilestones(database.db, id)).map((m) => ({
          title: m.title,
          dueDate: m.dueDate,
          state: m.state,
          doneAt: m.state === 'done' ? (m.review?.at ?? null) : null,
        })),
        // The rating as this person may see it: the student once the reviews are revealed.
        rating: await reviewState(database, id, clock()).then(({ completion, revealed }) =>
          completion && ratingVisibleTo(role, revealed)
            ? { by: project.employer.name, skills: completion.rating.skills, wouldWorkAgain: completion.rating.wouldWorkAgain }
            : null,
        ),
        exportedAt: new Date().toISOString(),
      };
      // The files the exporter's documents show, from documents they may read.
      const shown = await filesShownIn(
        database,
        id,
        documents.flatMap((d) => [d.html, d.markdown]),
        readable.map(([kind]) => kind),
      );
      // Where the zip puts each file, as a link from a document inside it (and from the Markdown beside it).
      const names = zipNames(shown);
      const zipLinks = new Map([...names].map(([fileId, name]) => [fileId, encodeURI(name)]));
      if (wanted === 'zip') {
        const inZip = (text: string) => repointFiles(text, id, zipLinks);
        const zipped = { ...data, documents: documents.map((d) => ({ ...d, html: inZip(d.html), markdown: inZip(d.markdown) })) };
        const deliverable = zipped.documents.find((d) => d.kind === 'deliverable');
        const body = workspaceZip({
          texts: [
            ...(deliverable ? [{ name: 'deliverable.md', content: markdownFile(project.title, deliverable.markdown) }] : []),
            { name: 'workspace.html', content: exportHtml(zipped) },
            { name: 'workspace.md', content: exportMarkdown(zipped) },
          ],
          files: shown,
          names,
          blobs,
        });
        return c.body(body, 200, { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${slug}.zip"` });
      }
      // A single file must stand alone: opened from disk, a URL into the app shows nothing.
      let standalone = data;
      let preface = '';
      if (shown.length > 0 && wanted === 'html') {
        // Images go inside the page; other files keep their link (it works signed in).
        const embedded = await imageBytes(shown);
        const inline = new Map([...embedded].map(([file, bytes]) => [file.id, `data:${file.type};base64,${Buffer.from(bytes).toString('base64')}`]));
        standalone = { ...data, documents: documents.map((d) => ({ ...d, html: repointFiles(d.html, id, inline) })) };
      } else if (shown.length > 0 && wanted === 'md') {
        // Markdown can't hold images: it points where the zip export puts them.
        standalone = { ...data, documents: documents.map((d) => ({ ...d, markdown: repointFiles(d.markdown, id, zipLinks) })) };
        preface = `> Images and files (${shown.length}) are in this project's zip export (Export: Zip with files), under \`files/\`: the links below point there.\n\n`;
      }
      const format = formats[wanted];
      return c.body(preface + format.render(standalone), 200, {
        'content-type': format.type,
        'content-disposition': `attachment; filename="${slug}.${format.ext}"`,
      });
    },
  );
  return router;
}
