import type { Role } from './role.ts';

// Who performed an action, for authorization and the audit log. Patients are not actors: they act
// through a link's short code, and what they do is recorded on the link itself.
export type Actor =
  | { type: 'user'; userId: string; role: Role }
  | { type: 'api_key'; apiKeyId: string }
  /** Scheduled jobs and other internal processes, e.g. name "expire-links". */
  | { type: 'system'; name: string }
  | { type: 'webhook'; provider: 'stripe' | 'twilio' | 'sendgrid' };

export type ActorType = Actor['type'];

/** A stable, non-PHI string for logs and audit rows, e.g. "user:3f2a…", "webhook:stripe". */
export function describeActor(actor: Actor): string {
  switch (actor.type) {
    case 'user':
      return `user:${actor.userId}`;
    case 'api_key':
      return `api_key:${actor.apiKeyId}`;
    case 'system':
      return `system:${actor.name}`;
    case 'webhook':
      return `webhook:${actor.provider}`;
  }
}
