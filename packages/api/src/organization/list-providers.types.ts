import { z } from 'zod';
import { providerViewSchema } from '../views/organization-view.ts';

export const listProvidersOutput = z.array(providerViewSchema);
export type ListProvidersOutput = z.infer<typeof listProvidersOutput>;
