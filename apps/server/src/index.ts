export { createApp, type AppDeps } from './app.ts';
export { readConfig, type Config } from './config.ts';
export { startServer, openDatabase, type RunningServer } from './server.ts';
export { seedDemo, DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed.ts';
