// Bulk batches and their rows.
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { BulkBatch, BulkRowRecord, BulkStore } from '@clinicpay/domain';
import { isUuid } from './uuid.ts';

type BatchRow = {
  id: string;
  organization_id: string;
  idempotency_key: string;
  status: 'running' | 'done';
  total: number;
  created_at: Date;
};
const toBatch = (r: BatchRow): BulkBatch => ({
  id: r.id,
  organizationId: r.organization_id,
  idempotencyKey: r.idempotency_key,
  status: r.status,
  total: r.total,
  createdAt: new Date(r.created_at),
});

export class PgBulkStore implements BulkStore {
  private readonly entityManager: EntityManager;
  constructor(em: EntityManager) {
    this.entityManager = em;
  }

  private em(): EntityManager {
    return this.entityManager;
  }

  async createBatch(batch: BulkBatch, createdByUserId: string | null, rows: BulkRowRecord[]) {
    const em = this.em();
    const inserted = await em.execute<BatchRow[]>(
      `insert into bulk_batches (id, organization_id, idempotency_key, created_by_user_id, status, total, created_at)
       values (?, ?, ?, ?, 'running', ?, ?) on conflict (organization_id, idempotency_key) do nothing returning *`,
      [batch.id, batch.organizationId, batch.idempotencyKey, createdByUserId, batch.total, batch.createdAt],
    );
    if (inserted[0]) {
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        // One JSON parameter (MikroORM would expand array parameters into value lists).
        await em.execute(
          `insert into bulk_batch_rows (id, organization_id, batch_id, row_number, patient_id, status, skip_reason, request)
           select x.id, ?, ?, x.row_number, x.patient_id, x.status, x.skip_reason, x.request
             from jsonb_to_recordset(?::jsonb) as x(id uuid, row_number int, patient_id uuid, status text, skip_reason text, request jsonb)`,
          [
            batch.organizationId,
            batch.id,
            JSON.stringify(
              chunk.map((r) => ({
                id: randomUUID(),
                row_number: r.rowNumber,
                patient_id: r.patientId,
                status: r.status,
                skip_reason: r.skipReason,
                request: r.request,
              })),
            ),
          ],
          'run',
        );
      }
      return { batch: toBatch(inserted[0]), created: true };
    }
    const existing = await em.execute<BatchRow[]>(
      'select * from bulk_batches where organization_id = ? and idempotency_key = ?',
      [batch.organizationId, batch.idempotencyKey],
    );
    return { batch: toBatch(existing[0]!), created: false };
  }

  async findBatch(organizationId: string, id: string): Promise<BulkBatch | null> {
    if (!isUuid(id)) return null;
    const rows = await this.em().execute<BatchRow[]>(
      'select * from bulk_batches where organization_id = ? and id = ?',
      [organizationId, id],
    );
    return rows[0] ? toBatch(rows[0]) : null;
  }

  async rows(organizationId: string, batchId: string): Promise<BulkRowRecord[]> {
    const rows = await this.em().execute<
      Array<{
        row_number: number;
        patient_id: string | null;
        link_id: string | null;
        status: 'queued' | 'skipped';
        skip_reason: string | null;
        request: BulkRowRecord['request'];
      }>
    >(
      'select row_number, patient_id, link_id, status, skip_reason, request from bulk_batch_rows where organization_id = ? and batch_id = ? order by row_number',
      [organizationId, batchId],
    );
    return rows.map((r) => ({
      rowNumber: r.row_number,
      patientId: r.patient_id,
      linkId: r.link_id,
      status: r.status,
      skipReason: r.skip_reason,
      request: r.request,
    }));
  }

  async setRowLink(
    organizationId: string,
    batchId: string,
    rowNumber: number,
    linkId: string,
  ): Promise<void> {
    await this.em().execute(
      'update bulk_batch_rows set link_id = ? where organization_id = ? and batch_id = ? and row_number = ?',
      [linkId, organizationId, batchId, rowNumber],
      'run',
    );
  }

  async skipRow(organizationId: string, batchId: string, rowNumber: number, reason: string): Promise<void> {
    await this.em().execute(
      `update bulk_batch_rows set status = 'skipped', skip_reason = ? where organization_id = ? and batch_id = ? and row_number = ?`,
      [reason, organizationId, batchId, rowNumber],
      'run',
    );
  }

  async markDone(organizationId: string, batchId: string, at: Date): Promise<void> {
    await this.em().execute(
      `update bulk_batches set status = 'done', finished_at = ? where organization_id = ? and id = ?`,
      [at, organizationId, batchId],
      'run',
    );
  }

  async messageCounts(organizationId: string, batchId: string): Promise<Record<string, number>> {
    const rows = await this.em().execute<Array<{ status: string; n: string }>>(
      'select status, count(*) as n from messages where organization_id = ? and bulk_batch_id = ? group by status',
      [organizationId, batchId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
