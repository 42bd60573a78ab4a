import { employerLine } from '@stint/domain';
import { linkPreviewTags, type PageLinks } from './link-preview.ts';
import { escapeHtml } from './sanitize.ts';

/** What a portfolio list shows of an item, read from its credential (whatever shape it was issued in). */
export interface PortfolioSummary {
  title: string;
  employer: string;
  /** The employer's organisation when the credential names one. */
  organisation: string | null;
  completedAt: string;
  skills: string[];
  ratings: Record<string, number>;
}

export function portfolioSummary(credential: unknown): PortfolioSummary {
  const subject = ((credential as { credentialSubject?: unknown })?.credentialSubject ?? {}) as {
    achievement?: { name?: unknown; tag?: unknown };
    stint?: { employer?: unknown; organisation?: unknown; completedAt?: unknown; ratings?: unknown };
  };
  const ratings = subject.stint?.ratings;
  return {
    title: String(subject.achievement?.name ?? 'Micro-internship'),
    employer: String(subject.stint?.employer ?? ''),
    organisation: typeof subject.stint?.organisation === 'string' ? subject.stint.organisation : null,
    completedAt: String(subject.stint?.completedAt ?? ''),
    skills: Array.isArray(subject.achievement?.tag) ? subject.achievement.tag.map(String) : [],
    ratings:
      typeof ratings === 'object' && ratings !== null
        ? Object.fromEntries(Object.entries(ratings).filter((e): e is [string, number] => typeof e[1] === 'number'))
        : {},
  };
}

/** `/u/:handle`: a student's published items, newest first, each linking to its own verifiable page. */
export function studentPortfolioPage(
  user: { name: string; handle: string },
  items: ReadonlyArray<PortfolioSummary & { url: string }>,
  jsonUrl: string,
  /** Absolute: the page itself and its preview picture. */
  links?: PageLinks,
): string {
  const stars = (n: number) => '★'.repeat(Math.max(0, Math.min(5, n))) + '☆'.repeat(5 - Math.max(0, Math.min(5, n)));
  const cards = items
    .map(
      (item) => `<li class="card"><h2><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a></h2>
<p class="muted">For ${escapeHtml(employerLine({ name: item.employer, organisation: item.organisation }))} · completed ${escapeHtml(item.completedAt.slice(0, 10))}</p>
${item.skills.length ? `<p class="skills">${item.skills.map((s) => `<span class="skill">${escapeHtml(s)}</span>`).join(' ')}</p>` : ''}
${
  Object.keys(item.ratings).length
    ? `<table>${Object.entries(item.ratings)
        .map(([skill, n]) => `<tr><td>${escapeHtml(skill)}</td><td class="stars" aria-label="${n} of 5">${stars(n)}</td></tr>`)
        .join('')}</table>`
    : ''
}
<p><a href="${escapeHtml(item.url)}">View and verify →</a></p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(user.name)} — portfolio · Stint</title>
<link rel="alternate" type="application/json" href="${escapeHtml(jsonUrl)}">
${
  links
    ? linkPreviewTags({
        title: `${user.name} — portfolio`,
        description: `${items.length} verified micro-internship${items.length === 1 ? '' : 's'} on Stint${items.length ? `: ${items.map((i) => i.title).join(', ')}` : ''}.`,
        links,
        type: 'profile',
      })
    : ''
}
<style>
body{font-family:system-ui,sans-serif;color:#1d2430;background:#f6f7f9;margin:0}
main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem}
ul{list-style:none;padding:0;margin:0}
.card{background:#fff;border:1px solid #dde2e8;border-radius:12px;padding:1.25rem 1.5rem;margin-bottom:1rem}
h1{margin:.3rem 0}h2{margin:0 0 .3rem;font-size:1.2rem}.muted{color:#5c6675}
.skill{display:inline-block;background:#edf2ff;color:#3b5bdb;border-radius:999px;padding:.1rem .6rem;font-size:.85rem;margin:0 .25rem .25rem 0}
table{border-collapse:collapse}td{padding:.15rem 1rem .15rem 0}.stars{color:#f08c00;letter-spacing:.1em}
a{color:#3b5bdb}
@media print{body{background:#fff}.card{border:none;padding:0;break-inside:avoid}}
</style></head>
<body><main>
<p class="muted">Portfolio</p>
<h1>${escapeHtml(user.name)}</h1>
<p class="muted">Micro-internships completed on Stint, each signed by Stint and checkable by anyone.</p>
${items.length ? `<ul>${cards}</ul>` : '<p class="card muted">Nothing published yet.</p>'}
</main></body></html>
`;
}
