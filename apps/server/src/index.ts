export { type AppDeps, createApp } from './app.ts';
export { type Config, readConfig } from './config.ts';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seed.ts';
export { openDatabase, type RunningServer, startServer } from './server.ts';
