import { z } from 'zod';
import { line } from '../schemas.ts';
import { userViewSchema } from '../views/identity-views.ts';

export const updateStaffUserInput = z.object({
  id: line(100),
  role: line(40).optional(),
  disabled: z.boolean().optional(),
});

export const updateStaffUserOutput = userViewSchema;
export type UpdateStaffUserOutput = z.infer<typeof updateStaffUserOutput>;
