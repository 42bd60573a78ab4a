import { createHash, randomBytes } from 'node:crypto';
import { employerLine, formatBytes, formatMinutes } from '@stint/domain';
import { STINT_CONTEXT_URL } from './credential/contexts.ts';
import type { JsonObject, Verification } from './credential/data-integrity.ts';
import { linkPreviewTags, type PageLinks } from './link-preview.ts';
import { escapeHtml, sanitize } from './sanitize.ts';

export interface PortfolioInput {
  itemId: string;
  /** Where the public page and the credential live, e.g. https://stint.example */
  baseUrl: string;
  issuer: { did: string; name: string };
  issuedAt: string;
  project: { title: string; summary: string; skills: string[]; estimatedHours: number; startedAt: string; completedAt: string };
  /** What the student's work log adds up to, in minutes. */
  minutesLogged: number;
  /** The person who posted and rated the work, and the organisation they described, if any. */
  employer: { name: string; organisation?: string | null };
  /** `identityHash` and `salt`: who the student is, confirmable by whoever knows their email (see `emailIdentity`). */
  student: { name: string; identity?: { identityHash: string; salt: string }; did?: string };
  rating: { skills: Record<string, number>; wouldWorkAgain: boolean };
  feedback: { text: string; html: string };
  deliverable: { text: string; html: string };
  /** Share of the final deliverable's characters each member wrote. */
  contribution: Array<{ name: string; role: string; share: number }>;
  /** The deliverable's files: each one's SHA-256 is also inside contentHash. */
  attachments?: PortfolioAttachment[];
  /** SHA-256 over the archived documents' states and the attachments' hashes. */
  contentHash: string;
  /** Its `credentialStatus`: the bit that revokes it (see `revocationEntry`). */
  status?: JsonObject;
}

/**
 * The student as Open Badges identifies a person without publishing them: SHA-256 of their email
 * and a random salt (`sha256$<hex>`), so an employer or a university who knows the email can
 * confirm it is theirs and nobody can read it off the credential.
 */
export function emailIdentity(email: string, salt = randomBytes(16).toString('hex')): { identityHash: string; salt: string } {
  return {
    identityHash: `sha256$${createHash('sha256')
      .update(email.trim().toLowerCase() + salt)
      .digest('hex')}`,
    salt,
  };
}

export interface PortfolioAttachment {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  /** Public, like the page: anyone can fetch it and check its hash. */
  url: string;
}

/**
 * The portfolio item as an Open Badges 3.0 OpenBadgeCredential (a W3C VC 2.0), unsigned. What
 * Open Badges has no term for (ratings, feedback, contribution, content hash) sits under
 * `credentialSubject.stint`, a JSON literal defined by Stint's context, covered by the same proof.
 */
export function portfolioCredential(input: PortfolioInput): JsonObject {
  const page = `${input.baseUrl}/p/${input.itemId}`;
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', STINT_CONTEXT_URL],
    id: `${input.baseUrl}/api/portfolio/${input.itemId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${input.project.title} — micro-internship`,
    issuer: { id: input.issuer.did, type: ['Profile'], name: input.issuer.name, url: input.baseUrl },
    validFrom: input.issuedAt,
    ...(input.status ? { credentialStatus: input.status } : {}),
    credentialSubject: {
      // The student's wallet DID when they gave one: what wallets match a credential to its holder by.
      ...(input.student.did ? { id: input.student.did } : {}),
      type: ['AchievementSubject'],
      name: input.student.name,
      ...(input.student.identity ? { identifier: [{ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, ...input.student.identity }] } : {}),
      // The employer's star ratings, one scaled 1–5 result per skill, in Open Badges' own terms.
      result: Object.entries(input.rating.skills).map(([skill, stars]) => ({
        type: ['Result'],
        resultDescription: `${page}#rating-${encodeURIComponent(skill)}`,
        value: String(stars),
      })),
      achievement: {
        id: `${page}#achievement`,
        type: ['Achievement'],
        achievementType: 'Assignment',
        name: input.project.title,
        description: input.project.summary,
        criteria: {
          narrative: `Completed a ${input.project.estimatedHours}-hour paid micro-internship for ${employerLine(input.employer, ' at ')}; the deliverable was reviewed and rated by the employer.`,
        },
        tag: input.project.skills,
        resultDescription: Object.keys(input.rating.skills).map((skill) => ({
          id: `${page}#rating-${encodeURIComponent(skill)}`,
          type: ['ResultDescription'],
          name: `${skill} (employer's rating)`,
          resultType: 'ScaledScore',
          valueMin: '1',
          valueMax: '5',
        })),
      },
      stint: {
        employer: input.employer.name,
        // Only when the employer described one, so items issued before organisations keep their shape.
        ...(input.employer.organisation ? { organisation: input.employer.organisation } : {}),
        startedAt: input.project.startedAt,
        completedAt: input.project.completedAt,
        estimatedHours: input.project.estimatedHours,
        minutesLogged: input.minutesLogged,
        ratings: input.rating.skills,
        wouldWorkAgain: input.rating.wouldWorkAgain,
        feedback: input.feedback,
        deliverable: input.deliverable,
        contribution: input.contribution,
        attachments: input.attachments ?? [],
        contentHash: input.contentHash,
      },
    },
    evidence: [
      { id: page, type: ['Evidence'], name: 'Deliverable', narrative: input.deliverable.text, description: `Content hash (SHA-256): ${input.contentHash}` },
      { id: `${page}#feedback`, type: ['Evidence'], name: "Employer's feedback", narrative: input.feedback.text },
    ],
  };
}

/** What a portfolio credential's subject states: the page and the certificate both read it. */
export interface Subject {
  name: string;
  achievement: { name: string; description: string };
  stint: {
    employer: string;
    /** Absent on items issued before organisations, or when the employer described none. */
    organisation?: string;
    startedAt: string;
    completedAt: string;
    estimatedHours: number;
    /** Absent on items issued before the work log. */
    minutesLogged?: number;
    ratings: Record<string, number>;
    wouldWorkAgain: boolean;
    feedback: { html: string };
    deliverable: { html: string };
    contribution: Array<{ name: string; role: string; share: number }>;
    attachments?: PortfolioAttachment[];
    contentHash: string;
  };
}

/** What the page says was checked, one line each (the server's verify answer). */
export type PageVerification = Verification & { checks?: ReadonlyArray<{ ok: boolean; text: string }> };

/** LinkedIn's add-to-profile link for a certification: name, organisation, issue date, URL and id filled in. */
export function linkedInAddUrl(input: { name: string; issuedAt: string; url: string; id: string }): string {
  const issued = new Date(input.issuedAt);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: input.name,
    organizationName: 'Stint',
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
    certUrl: input.url,
    certId: input.id,
  });
  return `https://www.linkedin.com/profile/add?${params}`;
}

/** The public page. Every piece of stored HTML is sanitized again on the way out. */
export function portfolioPage(
  credential: JsonObject,
  verification: PageVerification,
  verifyUrl: string,
  jsonUrl: string,
  /** Absolute: the page itself, its preview picture and its certificate (PDF). */
  links?: PageLinks & { certificate: string },
): string {
  const subject = credential.credentialSubject as Subject;
  const s = subject.stint;
  const day = (iso: string) => escapeHtml(iso.slice(0, 10));
  const stars = (n: number) => '★'.repeat(n) + '☆'.repeat(5 - n);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject.achievement.name)} — ${escapeHtml(subject.name)} · Stint</title>
<link rel="alternate" type="application/vc+ld+json" href="${escapeHtml(jsonUrl)}">
${
  links
    ? linkPreviewTags({
        title: `${subject.achievement.name} — ${subject.name}`,
        description: `${verification.valid ? 'Verified' : 'Not verified'} micro-internship for ${employerLine({ name: s.employer, organisation: s.organisation ?? null })}: ${Object.entries(
          s.ratings,
        )
          .map(([skill, n]) => `${skill} ${n}/5`)
          .join(', ')}.`,
        links,
      })
    : ''
}
<style>
body{font-family:system-ui,sans-serif;color:#1d2430;background:#f6f7f9;margin:0}
main{max-width:46rem;margin:0 auto;padding:2rem 1.25rem}
.card{background:#fff;border:1px solid #dde2e8;border-radius:12px;padding:1.25rem 1.5rem;margin-bottom:1rem}
.verified{display:inline-block;padding:.25rem .75rem;border-radius:999px;font-weight:700;text-decoration:none}
.ok{background:#d3f9d8;color:#237a35}.bad{background:#ffe3e3;color:#c92a2a}
h1{margin:.3rem 0}.muted{color:#5c6675}table{border-collapse:collapse}td{padding:.2rem 1rem .2rem 0}
.doc h3{font-size:1.15rem}.doc h4{font-size:1.05rem}.doc h5,.doc h6{font-size:1rem}
.doc table{margin:.5rem 0}.doc th,.doc td{border:1px solid #c7cdd4;padding:.3rem .6rem;text-align:left;vertical-align:top}.doc th{background:#f1f3f5}
.stars{color:#f08c00;letter-spacing:.1em}code{font-size:.8rem;word-break:break-all}
.checks{list-style:none;padding:0}.checks li{margin:.3rem 0;overflow-wrap:anywhere}.pass{color:#237a35}.fail{color:#c92a2a}
.button{display:inline-block;border:1px solid #3b5bdb;color:#3b5bdb;border-radius:8px;padding:.4rem .8rem;text-decoration:none;margin:.2rem .4rem .2rem 0}
img{max-width:100%;height:auto}
@media print{body{background:#fff}main{max-width:none;padding:0}.card{border:none;padding:0;break-inside:avoid}pre,table,img{break-inside:avoid}h2{break-after:avoid}a.verified{border:1px solid currentColor}}
</style></head>
<body><main>
<p><a class="verified ${verification.valid ? 'ok' : 'bad'}" href="#checks">${verification.valid ? '✓ Verified' : `✗ Not verified: ${escapeHtml(verification.reason)}`}</a></p>
<section class="card">
<p class="muted">Micro-internship completed by</p>
<h1>${escapeHtml(subject.name)}</h1>
<h2>${escapeHtml(subject.achievement.name)}</h2>
<p>${escapeHtml(subject.achievement.description)}</p>
<p class="muted">For ${escapeHtml(employerLine({ name: s.employer, organisation: s.organisation }))} · ${day(s.startedAt)} – ${day(s.completedAt)} · ${escapeHtml(String(s.estimatedHours))} hours estimated${s.minutesLogged ? `, ${escapeHtml(formatMinutes(s.minutesLogged))} logged` : ''}</p>
</section>
<section class="card"><h2>Employer's rating</h2><table>
${Object.entries(s.ratings)
  .map(([skill, n]) => `<tr><td>${escapeHtml(skill)}</td><td class="stars" aria-label="${n} of 5">${stars(Math.max(0, Math.min(5, Number(n))))}</td></tr>`)
  .join('')}
</table><p>${s.wouldWorkAgain ? 'Would work with again.' : ''}</p></section>
<section class="card doc"><h2>Feedback</h2>${sanitize(s.feedback.html, { headingsFrom: 3 }) || '<p class="muted">None written.</p>'}</section>
<section class="card doc"><h2>Deliverable</h2>${sanitize(s.deliverable.html, { headingsFrom: 3 }) || '<p class="muted">Empty.</p>'}
<p class="muted">Written by ${s.contribution.map((c) => `${escapeHtml(c.name)} (${escapeHtml(c.role)}) ${Math.round(c.share * 100)}%`).join(', ') || '—'}</p></section>
${
  s.attachments?.length
    ? `<section class="card"><h2>Files</h2><ul>${s.attachments
        .map(
          (a) =>
            `<li><a href="${escapeHtml(a.url)}" download>${escapeHtml(a.name)}</a> <span class="muted">· ${escapeHtml(formatBytes(a.size))} · SHA-256 <code>${escapeHtml(a.sha256)}</code></span></li>`,
        )
        .join('')}</ul></section>`
    : ''
}
<section class="card" id="checks"><h2>What was checked</h2><ul class="checks">${(
    verification.checks ?? [{ ok: verification.valid, text: verification.valid ? 'The signature holds.' : verification.reason }]
  )
    .map((c) => `<li class="${c.ok ? 'pass' : 'fail'}">${c.ok ? '✓' : '✗'} ${escapeHtml(c.text)}</li>`)
    .join('')}</ul>
<p class="muted">Checked just now, when this page was served; <a href="${escapeHtml(verifyUrl)}">the same as JSON</a>. Anyone can check it again with <code>stint verify &lt;this page's URL&gt;</code>.</p>
<p class="actions"><a class="button" href="${escapeHtml(jsonUrl)}" download="credential.json">Download credential (JSON)</a>${
    links ? ` <a class="button" href="${escapeHtml(links.certificate)}">Certificate (PDF)</a>` : ''
  }${
    // Nobody is offered to add to their profile what does not verify (revoked, altered).
    verification.valid
      ? ` <a class="button" href="${escapeHtml(
          linkedInAddUrl({
            name: subject.achievement.name,
            issuedAt: String(credential.validFrom ?? ''),
            url: String(credential.id ?? '').replace('/api/portfolio/', '/p/'),
            id: String(credential.id ?? ''),
          }),
        )}" target="_blank" rel="noopener noreferrer">Add to LinkedIn</a>`
      : ''
  }</p></section>
<p class="muted">Content hash <code>${escapeHtml(s.contentHash)}</code> · <a href="${escapeHtml(jsonUrl)}">credential (JSON)</a> · issued by <code>${escapeHtml(String((credential.issuer as { id: string }).id))}</code></p>
</main></body></html>
`;
}
