import { router, createCallerFactory } from './trpc.ts';
import { patientsRouter } from './routers/patients.ts';
import { apiKeysRouter, authRouter, organizationRouter } from './routers/organization.ts';
import { cardsRouter, linksRouter } from './routers/links.ts';

export const appRouter = router({
  auth: authRouter,
  organization: organizationRouter,
  patients: patientsRouter,
  apiKeys: apiKeysRouter,
  links: linksRouter,
  cards: cardsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
