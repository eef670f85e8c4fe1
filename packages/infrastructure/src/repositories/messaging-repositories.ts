// Messages, templates, the send-rate limiter and the dev outbox store.
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Message } from '@clinicpay/domain';
import type {
  MessageKind,
  MessageStatus,
  MessageStore,
  SendLedger,
  SendRateLimiter,
  SentRecord,
  TemplatePartName,
  TemplateStore,
} from '@clinicpay/domain';
import { isUuid } from './uuid.ts';

/** Messages that were handed to a provider: what the weekly contact cap counts. */
const SENT: readonly MessageStatus[] = ['sending', 'sent', 'delivered', 'undelivered'];

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

  unsafeFindManyForJob(ids: readonly string[]): Promise<Message[]> {
    const valid = ids.filter(isUuid);
    return valid.length
      ? this.em.find(Message, { id: { $in: valid } }, { refresh: true })
      : Promise.resolve([]);
  }

  unsafeFindByProviderId(provider: string, providerMessageId: string): Promise<Message | null> {
    return this.em.findOne(Message, { provider, providerMessageId });
  }

  listByLink(organizationId: string, linkId: string): Promise<Message[]> {
    if (!isUuid(linkId)) return Promise.resolve([]);
    return this.em.find(Message, { organizationId, linkId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  listByLinks(organizationId: string, linkIds: readonly string[]): Promise<Message[]> {
    const valid = linkIds.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return this.em.find(
      Message,
      { organizationId, linkId: { $in: valid } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  async countSentToPatientSince(organizationId: string, patientId: string, since: Date): Promise<number> {
    const rows = await this.em.execute<Array<{ n: string }>>(
      `select count(*) as n from messages where organization_id = ? and patient_id = ?
         and status in ('sending', 'sent', 'delivered', 'undelivered') and updated_at >= ?`,
      [organizationId, patientId, since],
    );
    return Number(rows[0]?.n ?? 0);
  }

  countSentToPatientsSince(
    organizationId: string,
    patientIds: readonly string[],
    since: Date,
  ): Promise<Map<string, number>> {
    return this.countByPatient(organizationId, patientIds, since, SENT);
  }

  countContactsToPatientsSince(
    organizationId: string,
    patientIds: readonly string[],
    since: Date,
  ): Promise<Map<string, number>> {
    return this.countByPatient(organizationId, patientIds, since, [...SENT, 'queued', 'scheduled']);
  }

  private async countByPatient(
    organizationId: string,
    patientIds: readonly string[],
    since: Date,
    statuses: readonly MessageStatus[],
  ): Promise<Map<string, number>> {
    const valid = patientIds.filter(isUuid);
    if (valid.length === 0) return new Map();
    const rows = await this.em.execute<Array<{ patient_id: string; n: string }>>(
      `select patient_id, count(*) as n from messages
        where organization_id = ? and patient_id = any(array(select jsonb_array_elements_text(?::jsonb))::uuid[])
          and status = any(array(select jsonb_array_elements_text(?::jsonb))) and updated_at >= ?
        group by patient_id`,
      [organizationId, JSON.stringify(valid), JSON.stringify(statuses), since],
    );
    return new Map(rows.map((r) => [r.patient_id, Number(r.n)]));
  }
}

/** The send path's two writes as single statements (see SendLedger). */
export class PgSendLedger implements SendLedger {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async claim(organizationId: string, messageIds: readonly string[], now: Date): Promise<string[]> {
    const valid = messageIds.filter(isUuid);
    if (valid.length === 0) return [];
    const rows = await this.em.execute<Array<{ id: string }>>(
      `update messages set status = 'sending', attempts = attempts + 1, updated_at = ?
        where organization_id = ? and id = any(array(select jsonb_array_elements_text(?::jsonb))::uuid[])
          and status in ('queued', 'scheduled')
        returning id`,
      [now, organizationId, JSON.stringify(valid)],
    );
    return rows.map((r) => r.id);
  }

  async recordSent(r: SentRecord): Promise<void> {
    const email = r.channel === 'email';
    // One statement, so one implicit transaction: the message, the link (its version bumped, as an
    // ORM save would), the link event and the audit entry commit together or not at all.
    await this.em.execute(
      `with m as (
         update messages set provider = ?, provider_message_id = ?, segments = ?, error_code = null, error_message = null,
           status = case when status in ('queued', 'scheduled', 'sending') then 'sent' else status end,
           sent_at = coalesce(sent_at, ?::timestamptz), updated_at = ?::timestamptz
         where organization_id = ? and id = ? returning id
       ), l as (
         update payment_links set
           sent_via_email = sent_via_email or ?::boolean,
           email_sent_at = case when ?::boolean then ?::timestamptz else email_sent_at end,
           recipient_email = case when ?::boolean then ? else recipient_email end,
           sent_via_sms = sent_via_sms or not ?::boolean,
           sms_sent_at = case when ?::boolean then sms_sent_at else ?::timestamptz end,
           recipient_phone = case when ?::boolean then recipient_phone else ? end,
           updated_at = ?::timestamptz, version = version + 1
         where organization_id = ? and id = ? and exists (select 1 from m) returning id
       ), e as (
         insert into link_events (id, organization_id, link_id, type, occurred_at, data)
         select ?, ?, l.id, 'sent', ?::timestamptz, ?::jsonb from l
       )
       insert into audit_log (id, organization_id, actor_type, actor_id, action, entity_type, entity_id, request_id, data, occurred_at)
       select ?, ?, 'system', 'send-message', 'link.send', 'payment_link', l.id::text, null, ?::jsonb, ?::timestamptz from l`,
      [
        r.provider,
        r.providerMessageId,
        r.segments,
        r.now,
        r.now,
        r.organizationId,
        r.messageId,
        email,
        email,
        r.now,
        email,
        r.recipient,
        email,
        email,
        r.now,
        email,
        r.recipient,
        r.now,
        r.organizationId,
        r.linkId,
        randomUUID(),
        r.organizationId,
        r.now,
        JSON.stringify({ messageId: r.messageId, channel: r.channel, reason: r.reason }),
        randomUUID(),
        r.organizationId,
        JSON.stringify({ messageId: r.messageId, channel: r.channel }),
        r.now,
      ],
      'run',
    );
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
 * Tokens this process already took from the shared bucket and may still hand out, for 50 ms.
 * Taking a few at a time keeps the bucket row from becoming the bottleneck of every send.
 */
const localAllowance = new Map<string, { tokens: number; until: number }>();
const ALLOWANCE_MS = 50;

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
    const slot = await this.takeUpTo(organizationId, now, perSecond, 1);
    return slot.granted >= 1 ? { ok: true } : { ok: false, retryAt: slot.retryAt };
  }

  async takeUpTo(
    organizationId: string,
    now: Date,
    perSecond: number,
    wanted: number,
  ): Promise<{ granted: number; retryAt: Date }> {
    let granted = 0;
    const cached = localAllowance.get(organizationId);
    const usable = cached && now.getTime() < cached.until ? cached : null;
    if (usable) {
      granted = Math.min(Math.floor(usable.tokens), wanted);
      usable.tokens -= granted;
    }
    const refill = perSecond * 0.8;
    const retryAt = (available: number) =>
      new Date(now.getTime() + Math.ceil((Math.max(0, 1 - available) / refill) * 1000));
    if (granted >= wanted) return { granted, retryAt: retryAt(0) };
    const burst = Math.max(1, Math.ceil(perSecond / 20));
    // What this caller needs, or a quarter of a burst to hand out locally if that is more.
    const batch = Math.min(burst, Math.max(wanted - granted, Math.ceil(burst / 4)));
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
      [organizationId, burst, now, refill, batch, now, organizationId],
    );
    const available = Number(rows[0]?.available ?? 0);
    const fromBucket = Math.min(Math.floor(available), batch);
    const used = Math.min(fromBucket, wanted - granted);
    granted += used;
    localAllowance.set(organizationId, {
      tokens: (usable?.tokens ?? 0) + fromBucket - used,
      until: now.getTime() + ALLOWANCE_MS,
    });
    return { granted, retryAt: retryAt(available - fromBucket) };
  }
}
