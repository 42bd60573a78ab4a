const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestOrigin {
  method: string;
  secFetchSite: string | undefined;
  origin: string | undefined;
}

/**
 * Cookie-borne requests that change state must come from our own pages: the browser says so
 * with `Sec-Fetch-Site: same-origin`, or older ones with an `Origin` we serve. SameSite=Lax alone
 * lets a sibling subdomain through, and a JSON body defeats form-only CSRF checks.
 */
export function isSameOriginRequest(request: RequestOrigin, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  // Browsers that send Sec-Fetch-Site can't be made to lie about it; trust it when present.
  if (request.secFetchSite !== undefined) return request.secFetchSite === 'same-origin';
  return request.origin !== undefined && allowedOrigins.includes(request.origin);
}
