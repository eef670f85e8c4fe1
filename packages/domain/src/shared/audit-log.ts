// The audit trail: who did what to which record, kept for years.
import type { Actor } from '../identity/actor.ts';

export type AuditEntry = {
  /** Null for platform-level actions (e.g. a SUPER_ADMIN creating an organization). */
  organizationId: string | null;
  actor: Actor;
  /** Dotted verb, e.g. "link.create", "link.cancel", "api_key.revoke". */
  action: string;
  entityType: string;
  entityId: string | null;
  requestId: string | null;
  occurredAt: Date;
  /** Context for the entry. Keep PHI and secrets (short codes, tokens) out: audit rows are kept for years. */
  data?: Record<string, unknown>;
};

/** Append-only: entries are never updated or deleted. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}
