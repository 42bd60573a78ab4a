const PALETTE = ['#c2410c', '#237a35', '#1971c2', '#9c36b5', '#c2255c', '#087f5b', '#a65300', '#5f3dc4'];

/** A stable colour per person, so their caret and avatar match everywhere. */
export function colorFor(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}
