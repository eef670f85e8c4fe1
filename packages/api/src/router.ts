import { router, createCallerFactory } from './trpc.ts';
import { patientsRouter } from './routers/patients.ts';
import { apiKeysRouter, authRouter, organizationRouter } from './routers/organization.ts';
import { cardsRouter, linksRouter } from './routers/links.ts';
import { messagingRouter } from './routers/messaging.ts';

export const appRouter = router({
  auth: authRouter,
  organization: organizationRouter,
  patients: patientsRouter,
  apiKeys: apiKeysRouter,
  links: linksRouter,
  cards: cardsRouter,
  messaging: messagingRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
