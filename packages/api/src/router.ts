// The whole API: one router per area, each assembling one procedure per file (<area>/<verb>-<noun>.ts,
// its zod input and output schemas beside it in <verb>-<noun>.types.ts). Paths are the public
// contract: the dashboard, the REST routes and the tests call them by name.
import { router, createCallerFactory } from './trpc.ts';
import { accessRouter } from './access/router.ts';
import { analyticsRouter } from './analytics/router.ts';
import { apiKeysRouter } from './api-keys/router.ts';
import { authRouter } from './auth/router.ts';
import { bulkRouter } from './bulk/router.ts';
import { cardsRouter } from './cards/router.ts';
import { linksRouter } from './links/router.ts';
import { meRouter } from './me/router.ts';
import { messagingRouter } from './messaging/router.ts';
import { notificationsRouter } from './notifications/router.ts';
import { organizationRouter } from './organization/router.ts';
import { patientsRouter } from './patients/router.ts';
import { platformRouter } from './platform/router.ts';
import { usersRouter } from './users/router.ts';
import { webhookEventsRouter } from './webhook-events/router.ts';

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
  webhookEvents: webhookEventsRouter,
  access: accessRouter,
  platform: platformRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
