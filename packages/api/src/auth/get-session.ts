// auth.me — who is signed in (or which API key is used), and for which clinic.
import { authedProcedure } from '../trpc.ts';
import { apiKeyView, userView } from '../views/identity-views.ts';
import { organizationView } from '../views/organization-view.ts';
import type { GetSessionOutput } from './get-session.types.ts';

export const getSessionProcedure = authedProcedure.query(async ({ ctx }): Promise<GetSessionOutput> => {
  const auth = ctx.auth;
  const organizationId = auth.organizationId;
  const organization = organizationId ? await ctx.deps.organizations.findById(organizationId) : null;
  return {
    user: auth.kind === 'user' ? userView(auth.user) : null,
    apiKey: auth.kind === 'api_key' ? apiKeyView(auth.apiKey) : null,
    organization: organization ? organizationView(organization) : null,
  };
});
