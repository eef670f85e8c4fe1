import { z } from 'zod';
import { userViewSchema } from '../views/identity-views.ts';

export const listStaffUsersOutput = z.array(userViewSchema);
export type ListStaffUsersOutput = z.infer<typeof listStaffUsersOutput>;
