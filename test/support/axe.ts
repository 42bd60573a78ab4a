import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** The WCAG 2.0–2.2 A and AA rules. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeProblem {
  rule: string;
  impact: string;
  /** A CSS selector for each node, and axe's one-line reason for the first. */
  nodes: string[];
  summary: string;
}

/**
 * axe-core's serious and critical violations on the page as it is now. The script goes in
 * through the DevTools protocol (page.evaluate), which the pages' CSP (no inline script) allows.
 */
export async function accessibilityProblems(page: Page): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async (tags) => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact ?? '',
        nodes: v.nodes.map((n) => n.target.join(' ')),
        summary: v.nodes[0]?.failureSummary?.split('\n').slice(0, 2).join(' ') ?? '',
      }));
  }, WCAG_TAGS);
}

/** Fails with what axe found (rule, nodes, why) when the page has a serious or critical problem. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const problems = await accessibilityProblems(page);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  ${p.rule} (${p.impact}) × ${p.nodes.length}: ${p.nodes.slice(0, 4).join(' | ')} — ${p.summary}`);
  throw new Error(`axe-core: ${problems.reduce((n, p) => n + p.nodes.length, 0)} serious/critical nodes on ${where}:\n${lines.join('\n')}`);
}
