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
    const organizationId = m.metadata.organization_id ?? null;
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

/** Newest first. Dev-only page, so it shows every organization's messages (see /dev/outbox). */
export async function unsafeListOutbox(em: EntityManager, limit: number): Promise<OutboxEntry[]> {
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
    'select id, organization_id, channel, recipient, subject, body, html, created_at from captured_messages order by created_at desc, id desc limit ?',
    [limit],
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

export type ScheduledEntry = {
  id: string;
  channel: 'sms' | 'email';
  recipient: string;
  scheduledFor: Date;
  status: string;
};

/** Messages waiting to go (quiet hours, rate limit, retries), for the dev outbox page. */
export async function unsafeListWaiting(em: EntityManager, limit: number): Promise<ScheduledEntry[]> {
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
      where status in ('queued', 'scheduled') order by coalesce(scheduled_for, created_at) limit ?`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    scheduledFor: new Date(r.scheduled_for ?? r.created_at),
  }));
}
