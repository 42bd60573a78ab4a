export * from './sessions.ts';
export * from './passwords.ts';
export * from './cookie.ts';
export * from './origin-check.ts';
export * from './rate-limit.ts';
export { parseToken } from './token.ts';
