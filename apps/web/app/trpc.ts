// The dashboard's tRPC hooks (@trpc/react-query) over /api/trpc, with the session cookie.
import { createTRPCReact } from '@trpc/react-query';
import type { AppRouter } from '@clinicpay/api';

export const trpc = createTRPCReact<AppRouter>();
