import type { z } from 'zod';
import { webhookProblemsInput, webhookProblemsOutput } from './problem-query.ts';

export const listUnassignedWebhookProblemsInput = webhookProblemsInput;

export const listUnassignedWebhookProblemsOutput = webhookProblemsOutput;
export type ListUnassignedWebhookProblemsOutput = z.infer<typeof listUnassignedWebhookProblemsOutput>;
