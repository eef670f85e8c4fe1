// The signed-in staff member, as the dashboard layout loaded them: pages below it read it from there
// instead of asking the API again.
import { useRouteLoaderData } from '@remix-run/react';
import type { loader } from '../routes/dashboard.tsx';

export function useSignedInUser() {
  return useRouteLoaderData<typeof loader>('routes/dashboard')?.user ?? null;
}
