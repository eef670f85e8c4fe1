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

/**
 * Tokens this process already took from the shared bucket and may still hand out. Taking a tenth of
 * a second's worth at a time keeps the bucket row from becoming the bottleneck of every send, and
 * the rate across all processes still never exceeds the limit: these tokens left the bucket.
 */
const localAllowance = new Map<string, { tokens: number; until: number }>();

/** A token bucket per organization in PostgreSQL, shared by all workers. */
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
    const cached = localAllowance.get(organizationId);
    if (cached && cached.tokens >= 1 && now.getTime() < cached.until) {
      cached.tokens -= 1;
      return { ok: true };
    }
    const burst = Math.max(1, perSecond);
    const batch = Math.max(1, Math.floor(perSecond / 10));
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
         select least(?::float8, (select tokens from current)
           + greatest(0, extract(epoch from (?::timestamptz - (select refilled_at from current)))) * ?::float8) as available
       )
       update send_rate_buckets set
         tokens = (select available - least(floor(available), ?) from refill),
         refilled_at = greatest(refilled_at, ?::timestamptz)
       where organization_id = ?
       returning (select available from refill) as available`,
      [organizationId, burst, now, perSecond, batch, now, organizationId],
    );
    const available = Number(rows[0]?.available ?? 0);
    const granted = Math.min(Math.floor(available), batch);
    if (granted >= 1) {
      localAllowance.set(organizationId, { tokens: granted - 1, until: now.getTime() + 1000 });
      return { ok: true };
    }
    return { ok: false, retryAt: new Date(now.getTime() + Math.ceil(((1 - available) / perSecond) * 1000)) };
  }
}
