// Storage for bulk sends: the batch (idempotency key per organization) and its rows.
import type { MinorUnits } from '../money/money.ts';
export type BulkRowRecord = {
  rowNumber: number;
  patientId: string | null;
  linkId: string | null;
  status: 'queued' | 'skipped';
  skipReason: string | null;
  /** What the row asks for (kept with the batch so the job can create its link). */
  request: {
    amountMinor: MinorUnits | null;
    currency: string;
    description: string | null;
    channels: string[];
  };
};

export type BulkBatch = {
  id: string;
  organizationId: string;
  idempotencyKey: string;
  status: 'running' | 'done';
  total: number;
  createdAt: Date;
};

export interface BulkStore {
  /** Inserts the batch unless one with this key exists; returns the batch and whether it is new. */
  createBatch(
    batch: BulkBatch,
    createdByUserId: string | null,
    rows: BulkRowRecord[],
  ): Promise<{ batch: BulkBatch; created: boolean }>;
  findBatch(organizationId: string, id: string): Promise<BulkBatch | null>;
  rows(organizationId: string, batchId: string): Promise<BulkRowRecord[]>;
  setRowLink(organizationId: string, batchId: string, rowNumber: number, linkId: string): Promise<void>;
  skipRow(organizationId: string, batchId: string, rowNumber: number, reason: string): Promise<void>;
  markDone(organizationId: string, batchId: string, at: Date): Promise<void>;
  messageCounts(organizationId: string, batchId: string): Promise<Record<string, number>>;
}
