export { appRouter, createCaller, type AppRouter } from './router.ts';
export type { ApiContext, ApiDeps, Auth } from './context.ts';
export { describeError, httpStatusFor } from './errors.ts';
export { resolveAuth } from './auth.ts';
