export * from './auth.ts';
export * from './projects.ts';
export * from './errors.ts';
export * from './comments.ts';
