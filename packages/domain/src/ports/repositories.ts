import type { Actor } from '../identity/actor.ts';
import type { PaymentLink } from '../payment-links/payment-link.ts';
import type { ShortCode } from '../payment-links/short-code.ts';

// Every repository method that reads tenant data takes the organization id, so a missing scope is a
// compile error rather than a data leak. The few deliberate exceptions are named `unsafe…` and say
// why. PatientRepository (and the organization/provider repositories) live in clinic-repositories.ts.

export interface PaymentLinkRepository {
  /** Null when the link doesn't exist or belongs to another organization (callers answer NOT_FOUND). */
  findById(organizationId: string, id: string): Promise<PaymentLink | null>;
  /**
   * Unscoped by design: a patient opening /l/<code> has no session and no organization — the short
   * code itself is the bearer credential that identifies the link (and so its tenant). Use it only
   * on that public path, with a code that went through parseShortCode, and never to serve staff.
   */
  unsafeFindByShortCode(shortCode: ShortCode): Promise<PaymentLink | null>;
  /** Insert or update; fails on a stale `version` (optimistic locking) so concurrent webhooks can retry. */
  save(link: PaymentLink): Promise<void>;
}

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
