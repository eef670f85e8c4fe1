// A signed-in browser. The cookie carries a random token; we store only its hash.
export class StaffSession {
  id!: string;
  organizationId: string | null = null;
  userId!: string;
  tokenHash!: string;
  createdAt!: Date;
  lastSeenAt!: Date;
  /** Absolute expiry: the session ends then, however active it is. */
  expiresAt!: Date;
  revokedAt: Date | null = null;
  ip: string | null = null;
  userAgent: string | null = null;

  /** Idle expiry is checked against lastSeenAt; absolute expiry against expiresAt. */
  isValid(now: Date, idleTimeoutMs: number): boolean {
    if (this.revokedAt) return false;
    if (now.getTime() >= this.expiresAt.getTime()) return false;
    return now.getTime() - this.lastSeenAt.getTime() < idleTimeoutMs;
  }
}
