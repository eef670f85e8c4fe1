// The dev outbox: what the capture adapters "sent". Keyed by the send's idempotency key, so a retried
// send is stored once — the capture "provider" never duplicates a message.
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { CapturedMessage, CapturedMessageStore } from '../messaging/index.ts';

export class PgCapturedMessageStore implements CapturedMessageStore {
  private readonly em: () => EntityManager;
  constructor(em: () => EntityManager) {
    this.em = em;
  }

  async save(m: CapturedMessage): Promise<void> {
    // Emails name their clinic (customArgs); a text doesn't, and is matched to its clinic through
    // the message that recorded its provider id (see listOutbox). '' (a platform user) is no clinic.
    const organizationId = m.metadata.organization_id || null;
    await this.em().execute(
      `insert into captured_messages (id, organization_id, channel, recipient, subject, body, html, headers, metadata, idempotency_key, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?) on conflict (idempotency_key) do nothing`,
      [
        m.id || randomUUID(),
        organizationId,
        m.channel,
        m.to,
        m.subject,
        m.body,
        m.html,
        JSON.stringify(m.headers),
        JSON.stringify(m.metadata),
        m.metadata.idempotency_key ?? m.id,
        m.createdAt,
      ],
      'run',
    );
  }
}

export type OutboxEntry = {
  id: string;
  organizationId: string | null;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
  createdAt: Date;
};

export type ScheduledEntry = {
  id: string;
  channel: 'sms' | 'email';
  recipient: string;
  scheduledFor: Date;
  status: string;
};

/** The dev outbox page's read model: one clinic's captured messages and what is still waiting. */
export class PgDevOutbox {
  private readonly em: () => EntityManager;
  constructor(em: () => EntityManager) {
    this.em = em;
  }

  /**
   * One clinic's captured messages, newest first. An email carries its clinic; a text is the
   * clinic's when its message row recorded the capture id as provider message id.
   */
  sent(organizationId: string, limit: number): Promise<OutboxEntry[]> {
    return listOutbox(this.em(), organizationId, limit);
  }

  /** One clinic's messages waiting to go (quiet hours, rate limit, retries). */
  waiting(organizationId: string, limit: number): Promise<ScheduledEntry[]> {
    return listWaiting(this.em(), organizationId, limit);
  }
}

async function listOutbox(em: EntityManager, organizationId: string, limit: number): Promise<OutboxEntry[]> {
  const rows = await em.execute<
    Array<{
      id: string;
      organization_id: string | null;
      channel: 'sms' | 'email';
      recipient: string;
      subject: string | null;
      body: string;
      html: string | null;
      created_at: Date;
    }>
  >(
    `select c.id, coalesce(c.organization_id, m.organization_id) as organization_id, c.channel, c.recipient,
            c.subject, c.body, c.html, c.created_at
       from captured_messages c
       left join messages m on c.organization_id is null and m.provider = 'capture'
                           and m.provider_message_id = 'capture_' || c.id::text
      where coalesce(c.organization_id, m.organization_id) = ?
      order by c.created_at desc, c.id desc limit ?`,
    [organizationId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organization_id,
    channel: r.channel,
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    html: r.html,
    createdAt: new Date(r.created_at),
  }));
}

async function listWaiting(
  em: EntityManager,
  organizationId: string,
  limit: number,
): Promise<ScheduledEntry[]> {
  const rows = await em.execute<
    Array<{
      id: string;
      channel: 'sms' | 'email';
      recipient: string;
      scheduled_for: Date | null;
      created_at: Date;
      status: string;
    }>
  >(
    `select id, channel, recipient, scheduled_for, created_at, status from messages
      where organization_id = ? and status in ('queued', 'scheduled')
      order by coalesce(scheduled_for, created_at) limit ?`,
    [organizationId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    scheduledFor: new Date(r.scheduled_for ?? r.created_at),
  }));
}
