// What came of one payment event, as the inbox records it, and who the audit log names for it.
export type EventOutcome = {
  status: 'processed' | 'ignored' | 'failed';
  organizationId: string | null;
  /** Why it was ignored or failed. */
  note?: string;
};

export const processed = (organizationId: string): EventOutcome => ({ status: 'processed', organizationId });

export const ignored = (organizationId: string | null, note: string): EventOutcome => ({
  status: 'ignored',
  organizationId,
  note,
});

/** The actor of every change a payment event makes. */
export const WEBHOOK_ACTOR = { type: 'webhook', provider: 'stripe' } as const;
