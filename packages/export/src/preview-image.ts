import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** What a link preview shows: a kicker line, a title, who, and a few short facts. */
export interface PreviewCard {
  kicker: string;
  title: string;
  byline: string;
  facts: readonly string[];
}

let fonts: Promise<Array<{ name: string; data: Buffer; weight: 400 | 700; style: 'normal' }>> | null = null;
/** Inter, from its npm package (shipped with the code, never fetched), read once. */
function loadFonts() {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const file = (weight: number) => readFile(require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff`));
    fonts = Promise.all([file(400), file(700)]).then(([regular, bold]) => [
      { name: 'Inter', data: regular, weight: 400, style: 'normal' },
      { name: 'Inter', data: bold, weight: 700, style: 'normal' },
    ]);
  }
  return fonts;
}

const box = (style: Record<string, unknown>, children: unknown) => ({ type: 'div', props: { style: { display: 'flex', ...style }, children } });

/**
 * The 1200×630 image a link to a portfolio page shows in LinkedIn, Slack and the like (Open Graph's
 * size): laid out by satori, drawn to PNG by resvg, in Inter.
 */
export async function previewPng(card: PreviewCard): Promise<Uint8Array> {
  const [{ default: satori }, { Resvg }, loaded] = await Promise.all([import('satori'), import('@resvg/resvg-js'), loadFonts()]);
  const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const tree = box({ width: 1200, height: 630, flexDirection: 'column', background: '#f6f7f9', padding: 64, fontFamily: 'Inter', color: '#1d2430' }, [
    box({ fontSize: 28, fontWeight: 700, color: '#3b5bdb', letterSpacing: 2 }, cut(card.kicker.toUpperCase(), 60)),
    box({ marginTop: 36, fontSize: 64, fontWeight: 700, lineHeight: 1.15 }, cut(card.title, 90)),
    box({ marginTop: 24, fontSize: 34, color: '#5c6675' }, cut(card.byline, 80)),
    box(
      { marginTop: 48, flexWrap: 'wrap' },
      card.facts
        .slice(0, 5)
        .map((fact) =>
          box(
            { background: '#edf2ff', color: '#364fc7', borderRadius: 999, padding: '10px 24px', marginRight: 16, marginBottom: 16, fontSize: 28 },
            cut(fact, 40),
          ),
        ),
    ),
  ]);
  const svg = await satori(tree as Parameters<typeof satori>[0], { width: 1200, height: 630, fonts: loaded });
  return new Resvg(svg, { fitTo: { mode: 'width', value: 1200 } }).render().asPng();
}
