import { type DocKind, formatMinutes, type Project } from '@stint/domain';
import { escapeMarkdown, markdownHeading } from './markdown.ts';
import type { Rendering } from './render.ts';
import { escapeHtml } from './sanitize.ts';

/** The project as the API describes it. */
export type ExportedProject = Project;

export interface WorkspaceExport {
  project: ExportedProject;
  members: Array<{ name: string; role: string }>;
  documents: Array<{ kind: DocKind; title: string } & Rendering>;
  /** The project's activity the exporter may see, oldest first. */
  activity?: Array<{ at: string; actor: string | null; kind: string; message?: string }>;
  /** The student's work log, newest first, and its total. */
  workLog?: { totalMinutes: number; entries: Array<{ date: string; minutes: number; description: string; by: string }> };
  /** The plan: each milestone with its due date and where it stands (done: when it was accepted). */
  milestones?: Array<{ title: string; dueDate: string; state: string; doneAt: string | null }>;
  /** The employer's rating of the student, when the exporter may see it (revealed to the student once both reviewed). */
  rating?: { by: string | null; skills: Record<string, number>; wouldWorkAgain: boolean } | null;
  exportedAt: string;
}

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
const stars = (n: number) => `${'★'.repeat(n)}${'☆'.repeat(5 - n)}`;

const money = (c: { amount: number; currency: string }) => `${(c.amount / 100).toFixed(2)} ${c.currency}`;

export function exportJson(data: WorkspaceExport): string {
  return JSON.stringify(
    { ...data, documents: data.documents.map(({ kind, title, text, html, markdown }) => ({ kind, title, text, html, markdown })) },
    null,
    2,
  );
}

export function exportMarkdown(data: WorkspaceExport): string {
  const p = data.project;
  const e = escapeMarkdown;
  const head = [
    markdownHeading(1, p.title),
    '',
    `- Employer: ${e(p.employer.name)}`,
    `- Status: ${e(p.status.replace('_', ' '))}`,
    `- Pay: ${e(money(p.compensation))} · ${p.estimatedHours} hours${p.dueDate ? ` · due ${e(p.dueDate)}` : ''}`,
    `- Skills: ${p.skills.map(e).join(', ')}`,
    ...(data.workLog ? [`- Hours logged: ${e(formatMinutes(data.workLog.totalMinutes))} in ${entries(data.workLog.entries.length)}`] : []),
    `- People: ${data.members.map((m) => `${e(m.name)} (${e(m.role)})`).join(', ')}`,
    '',
    e(p.summary),
    ...(data.milestones?.length
      ? [
          '',
          markdownHeading(2, 'Milestones'),
          '',
          ...data.milestones.map((m) => `- ${e(m.title)}: due ${e(m.dueDate)}, ${e(m.state)}${m.doneAt ? ` (accepted ${e(m.doneAt.slice(0, 10))})` : ''}`),
        ]
      : []),
    ...(data.rating
      ? [
          '',
          markdownHeading(2, 'The employer’s rating'),
          '',
          ...Object.entries(data.rating.skills).map(([skill, n]) => `- ${e(skill)}: ${n} of 5`),
          `- Would work with them again: ${data.rating.wouldWorkAgain ? 'yes' : 'no'}`,
        ]
      : []),
  ];
  const docs = data.documents.map((d) => `${markdownHeading(2, d.title)}\n\n${d.markdown || '_Empty._'}`);
  return `${[...head, '', ...docs].join('\n\n').replace(/\n{3,}/g, '\n\n')}\n\n---\nExported from Stint on ${e(data.exportedAt)}.\n`;
}

const PRINT_CSS = `
body{font-family:Georgia,'Times New Roman',serif;color:#1d2430;max-width:46rem;margin:2rem auto;padding:0 1.5rem;line-height:1.55}
h1{font-size:1.9rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:bold}dd{margin:0}
section.checkin{border-left:4px solid #2b8a3e;padding-left:.8rem;margin:.8rem 0}section.checkin[data-status=at_risk]{border-color:#e67700}section.checkin[data-status=blocked]{border-color:#c92a2a}
table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #bbb;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f1f3f5}
blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1rem;color:#555}pre{background:#f4f4f4;padding:.6rem;white-space:pre-wrap}
footer{margin-top:3rem;font-size:.8rem;color:#666}
@page{size:auto;margin:18mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}section{break-inside:avoid}a{color:inherit}}
`;

/** One self-contained, printable file; document bodies are already sanitized renderings. */
export function exportHtml(data: WorkspaceExport): string {
  const p = data.project;
  const rows: Array<[string, string]> = [
    ['Employer', p.employer.name],
    ['Status', p.status.replace('_', ' ')],
    ['Pay', money(p.compensation)],
    ['Hours', String(p.estimatedHours)],
    ['Due', p.dueDate ?? 'flexible'],
    ['Skills', p.skills.join(', ')],
    ['People', data.members.map((m) => `${m.name} (${m.role})`).join(', ')],
    ...(data.workLog
      ? ([['Hours logged', `${formatMinutes(data.workLog.totalMinutes)} in ${entries(data.workLog.entries.length)}`]] as Array<[string, string]>)
      : []),
  ];
  const milestones = data.milestones?.length
    ? `<h2>Milestones</h2><table><thead><tr><th>Milestone</th><th>Due</th><th>Where it stands</th></tr></thead><tbody>${data.milestones
        .map(
          (m) =>
            `<tr><td>${escapeHtml(m.title)}</td><td>${escapeHtml(m.dueDate)}</td><td>${escapeHtml(m.state)}${m.doneAt ? ` (accepted ${escapeHtml(m.doneAt.slice(0, 10))})` : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const rating = data.rating
    ? `<h2>The employer’s rating</h2><table><tbody>${Object.entries(data.rating.skills)
        .map(([skill, n]) => `<tr><td>${escapeHtml(skill)}</td><td aria-label="${n} of 5">${stars(n)}</td></tr>`)
        .join(
          '',
        )}</tbody></table><p>Would work with them again: ${data.rating.wouldWorkAgain ? 'yes' : 'no'}${data.rating.by ? ` — ${escapeHtml(data.rating.by)}` : ''}</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)} — Stint export</title><style>${PRINT_CSS}</style></head>
<body><h1>${escapeHtml(p.title)}</h1><p>${escapeHtml(p.summary)}</p>
<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${milestones}${rating}
${data.documents.map((d) => `<h2>${escapeHtml(d.title)}</h2>${d.html || '<p><em>Empty.</em></p>'}`).join('\n')}
<footer>Exported from Stint on ${escapeHtml(data.exportedAt)}.</footer></body></html>
`;
}
