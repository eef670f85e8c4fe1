// Link-preview bots and mail/SMS scanners open links before (or instead of) the patient. They are
// recorded but flagged, excluded from counts, and never create a Stripe session.
import { isbot } from 'isbot';

export function detectBot(method: string, userAgent: string | undefined): string | null {
  if (method === 'HEAD') return 'head_request';
  if (!userAgent || userAgent.trim() === '') return 'no_user_agent';
  if (isbot(userAgent)) return 'known_bot';
  return null;
}
