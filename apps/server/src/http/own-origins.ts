/**
 * The origins a browser request may come from to count as ours: the one it was addressed to
 * (websocket upgrades arrive as http(s) here, but normalise ws(s) anyway) and PUBLIC_URL's.
 */
export function ownOrigins(requestUrl: string, publicOrigin: string | undefined): string[] {
  const own = new URL(requestUrl).origin.replace(/^ws/, 'http');
  return publicOrigin ? [own, publicOrigin] : [own];
}
