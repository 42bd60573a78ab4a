import { escapeHtml } from './sanitize.ts';

/** Where a public page is and the picture its link shows: absolute URLs, under the deployment's origin. */
export interface PageLinks {
  page: string;
  image: string;
}

/**
 * The Open Graph and Twitter card tags a pasted link is previewed from (LinkedIn, Slack,
 * Mastodon, X…): the work's title, a line about it, the page and its 1200×630 picture.
 */
export function linkPreviewTags(input: { title: string; description: string; links: PageLinks; type?: 'article' | 'profile' }): string {
  const e = escapeHtml;
  return [
    `<meta name="description" content="${e(input.description)}">`,
    `<meta property="og:type" content="${input.type ?? 'article'}">`,
    '<meta property="og:site_name" content="Stint">',
    `<meta property="og:title" content="${e(input.title)}">`,
    `<meta property="og:description" content="${e(input.description)}">`,
    `<meta property="og:url" content="${e(input.links.page)}">`,
    `<meta property="og:image" content="${e(input.links.image)}">`,
    '<meta property="og:image:width" content="1200">',
    '<meta property="og:image:height" content="630">',
    `<meta property="og:image:alt" content="${e(input.title)}">`,
    '<meta name="twitter:card" content="summary_large_image">',
    `<meta name="twitter:title" content="${e(input.title)}">`,
    `<meta name="twitter:description" content="${e(input.description)}">`,
    `<meta name="twitter:image" content="${e(input.links.image)}">`,
  ].join('\n');
}
