export * from './cookie.ts';
export * from './link-tokens.ts';
export * from './origin-check.ts';
export * from './passwords.ts';
export * from './rate-limit.ts';
export * from './sessions.ts';
export { parseToken } from './token.ts';
