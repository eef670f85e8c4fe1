import type { z } from 'zod';
import { webhookProblemsInput, webhookProblemsOutput } from './problem-query.ts';

export const listWebhookProblemsInput = webhookProblemsInput;

export const listWebhookProblemsOutput = webhookProblemsOutput;
export type ListWebhookProblemsOutput = z.infer<typeof listWebhookProblemsOutput>;
