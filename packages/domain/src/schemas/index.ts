export * from './activity.ts';
export * from './auth.ts';
export * from './comments.ts';
export * from './errors.ts';
export * from './files.ts';
export * from './notifications.ts';
export * from './portfolio.ts';
export * from './projects.ts';
