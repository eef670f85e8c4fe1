// Every API route the sandbox serves.
import type { ApiRoute } from '../router.ts';
import { chargeRoutes } from './charges.ts';
import { checkoutSessionRoutes } from './checkout-sessions.ts';
import { customerRoutes } from './customers.ts';
import { eventRoutes } from './events.ts';
import { intentRoutes } from './intents.ts';
import { paymentMethodRoutes } from './payment-methods.ts';
import { refundRoutes } from './refunds.ts';
import { sandboxHelperRoutes } from './sandbox-helpers.ts';

export const apiRoutes: readonly ApiRoute[] = [
  ...customerRoutes,
  ...checkoutSessionRoutes,
  ...intentRoutes,
  ...paymentMethodRoutes,
  ...chargeRoutes,
  ...refundRoutes,
  ...eventRoutes,
  ...sandboxHelperRoutes,
];
