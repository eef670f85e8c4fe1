import { router, createCallerFactory } from './trpc.ts';
import { patientsRouter } from './routers/patients.ts';
import {
  apiKeysRouter,
  authRouter,
  meRouter,
  organizationRouter,
  usersRouter,
} from './routers/organization.ts';
import { cardsRouter, linksRouter } from './routers/links.ts';
import { messagingRouter } from './routers/messaging.ts';
import { bulkRouter } from './routers/bulk.ts';
import { analyticsRouter } from './routers/analytics.ts';
import { notificationsRouter } from './routers/notifications.ts';

export const appRouter = router({
  auth: authRouter,
  me: meRouter,
  organization: organizationRouter,
  patients: patientsRouter,
  apiKeys: apiKeysRouter,
  users: usersRouter,
  links: linksRouter,
  cards: cardsRouter,
  messaging: messagingRouter,
  bulk: bulkRouter,
  analytics: analyticsRouter,
  notifications: notificationsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
