// Messages, templates, the send-rate limiter and the dev outbox store.
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Message } from '@clinicpay/domain';
import type {
  MessageKind,
  MessageStore,
  SendRateLimiter,
  TemplatePartName,
  TemplateStore,
} from '@clinicpay/domain';
import { isUuid } from './uuid.ts';

export class MikroMessageStore implements MessageStore {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async save(message: Message): Promise<void> {
    await this.em.persist(message).flush();
  }

  findById(organizationId: string, id: string): Promise<Message | null> {
    return isUuid(id) ? this.em.findOne(Message, { id, organizationId }) : Promise.resolve(null);
  }

  findByIdForUpdate(organizationId: string, id: string): Promise<Message | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.em.findOne(
      Message,
      { id, organizationId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
  }

  unsafeFindByIdForJob(id: string): Promise<Message | null> {
    return isUuid(id) ? this.em.findOne(Message, { id }, { refresh: true }) : Promise.resolve(null);
  }

  unsafeFindByProviderId(provider: string, providerMessageId: string): Promise<Message | null> {
    return this.em.findOne(Message, { provider, providerMessageId });
  }

  listByLink(organizationId: string, linkId: string): Promise<Message[]> {
    if (!isUuid(linkId)) return Promise.resolve([]);
    return this.em.find(Message, { organizationId, linkId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async countSentToPatientSince(organizationId: string, patientId: string, since: Date): Promise<number> {
    const rows = await this.em.execute<Array<{ n: string }>>(
      `select count(*) as n from messages where organization_id = ? and patient_id = ?
         and status in ('sending', 'sent', 'delivered', 'undelivered') and updated_at >= ?`,
      [organizationId, patientId, since],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

export class PgTemplateStore implements TemplateStore {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async overrides(
    organizationId: string,
    kind: MessageKind,
  ): Promise<Partial<Record<TemplatePartName, string>>> {
    const rows = await this.em.execute<Array<{ part: TemplatePartName; body: string }>>(
      'select part, body from message_templates where organization_id = ? and kind = ?',
      [organizationId, kind],
    );
    return Object.fromEntries(rows.map((r) => [r.part, r.body]));
  }

  async set(
    organizationId: string,
    kind: MessageKind,
    part: TemplatePartName,
    body: string | null,
    now: Date,
  ): Promise<void> {
    if (body === null) {
      await this.em.execute(
        'delete from message_templates where organization_id = ? and kind = ? and part = ?',
        [organizationId, kind, part],
        'run',
      );
      return;
    }
    await this.em.execute(
      `insert into message_templates (organization_id, kind, part, body, updated_at) values (?, ?, ?, ?, ?)
       on conflict (organization_id, kind, part) do update set body = excluded.body, updated_at = excluded.updated_at`,
      [organizationId, kind, part, body, now],
      'run',
    );
  }
}

/** A token bucket per organization in PostgreSQL: one atomic statement per take, shared by all workers. */
export class PgSendRateLimiter implements SendRateLimiter {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async take(
    organizationId: string,
    now: Date,
    perSecond: number,
  ): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
    const burst = Math.max(1, perSecond);
    // The row must exist before it can be locked: without it, concurrent first takes would each
    // see a full bucket.
    await this.em.execute(
      'insert into send_rate_buckets (organization_id, tokens, refilled_at) values (?, ?, ?) on conflict do nothing',
      [organizationId, burst, now],
      'run',
    );
    const rows = await this.em.execute<Array<{ available: number }>>(
      `with current as (
         select tokens, refilled_at from send_rate_buckets where organization_id = ? for update
       ), refill as (
         select least(?::float8, coalesce((select tokens from current), ?::float8)
           + greatest(0, extract(epoch from (?::timestamptz - coalesce((select refilled_at from current), ?::timestamptz)))) * ?::float8) as available
       )
       insert into send_rate_buckets (organization_id, tokens, refilled_at)
       select ?, case when available >= 1 then available - 1 else available end, ?::timestamptz from refill
       on conflict (organization_id) do update
         set tokens = excluded.tokens, refilled_at = greatest(send_rate_buckets.refilled_at, excluded.refilled_at)
       returning (select available from refill) as available`,
      [organizationId, burst, burst, now, now, perSecond, organizationId, now],
    );
    const available = Number(rows[0]?.available ?? burst);
    if (available >= 1) return { ok: true };
    return { ok: false, retryAt: new Date(now.getTime() + Math.ceil(((1 - available) / perSecond) * 1000)) };
  }
}
