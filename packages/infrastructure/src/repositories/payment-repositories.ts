// Links, payments, the link timeline and notifications. Tenant-scoped by construction; the
// unscoped methods are the webhook and sweep lookups that establish the tenant, named unsafe….
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Patient, Payment, PaymentLink } from '@clinicpay/domain';
import type {
  LinkEventLog,
  LinkEventRecord,
  LinkStatus,
  LinkStore,
  NotificationRecord,
  NotificationStore,
  NotificationType,
  PatientKey,
  PatientStore,
  PaymentStore,
  ReconcileCandidate,
  ShortCode,
} from '@clinicpay/domain';
import { MikroPatientRepository } from './clinic-repositories.ts';
import { isUuid } from './uuid.ts';

export class MikroLinkStore implements LinkStore {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  findById(organizationId: string, id: string): Promise<PaymentLink | null> {
    return isUuid(id) ? this.em.findOne(PaymentLink, { id, organizationId }) : Promise.resolve(null);
  }

  findByIds(organizationId: string, ids: readonly string[]): Promise<PaymentLink[]> {
    const valid = ids.filter(isUuid);
    return valid.length
      ? this.em.find(PaymentLink, { organizationId, id: { $in: valid } })
      : Promise.resolve([]);
  }

  findByIdForUpdate(organizationId: string, id: string): Promise<PaymentLink | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.em.findOne(
      PaymentLink,
      { id, organizationId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
  }

  unsafeFindByShortCode(shortCode: ShortCode): Promise<PaymentLink | null> {
    return this.em.findOne(PaymentLink, { shortCode });
  }

  unsafeFindByIdForWebhook(id: string): Promise<PaymentLink | null> {
    return isUuid(id) ? this.em.findOne(PaymentLink, { id }) : Promise.resolve(null);
  }

  async unsafeListDueForExpiry(
    now: Date,
    limit: number,
  ): Promise<Array<{ id: string; organizationId: string }>> {
    const rows = await this.em.execute<Array<{ id: string; organization_id: string }>>(
      `select id, organization_id from payment_links where status = 'ACTIVE' and expires_at <= ? order by expires_at limit ?`,
      [now, limit],
    );
    return rows.map((r) => ({ id: r.id, organizationId: r.organization_id }));
  }

  async unsafeListReconcileCandidates(
    input: Parameters<LinkStore['unsafeListReconcileCandidates']>[0],
  ): Promise<ReconcileCandidate[]> {
    // The ACTIVE branch can read the partial index on active links (a session never outlives its
    // link, so `expires_at > …` only restates the session condition); the closed branch is small
    // (opened links closed within the hour). md5(id, minute) is a cheap shuffle that changes every run.
    const rows = await this.em.execute<
      Array<{ id: string; organization_id: string; status: LinkStatus; stripe_session_id: string }>
    >(
      `select l.id, l.organization_id, l.status, l.stripe_session_id from payment_links l
        where l.stripe_session_id is not null
          and ((l.status = 'ACTIVE' and l.expires_at > ? and l.stripe_session_url is not null
                and l.stripe_session_expires_at > ?)
            or (l.status in ('EXPIRED', 'CANCELLED') and l.first_clicked_at is not null
                and coalesce(l.expired_at, l.cancelled_at) > ?
                and not exists (select 1 from payments p where p.organization_id = l.organization_id
                                   and p.link_id = l.id and p.status <> 'FAILED')))
        order by coalesce(l.last_clicked_at > ?, false) desc,
                 md5(l.id::text || date_trunc('minute', ?::timestamptz)::text)
        limit ?`,
      [
        input.sessionEndedAfter,
        input.sessionEndedAfter,
        input.closedAfter,
        input.recentlyOpenedAfter,
        input.now,
        input.limit,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      status: r.status,
      sessionId: r.stripe_session_id,
    }));
  }

  async list(input: Parameters<LinkStore['list']>[0]): Promise<{ items: PaymentLink[]; total: number }> {
    if (input.patientId !== undefined && !isUuid(input.patientId)) return { items: [], total: 0 };
    if (input.providerId !== undefined && !isUuid(input.providerId)) return { items: [], total: 0 };
    // Plain SQL, shaped for 100,000 links a clinic: the page's ids come from an index-only scan of
    // (organization_id, created_at desc, id desc) however deep the page, the rows are read for those
    // 25 ids alone, and the total is counted side by side. A search is the union of two indexed
    // lookups (trigram indexes): links of the matching patients, and links whose description matches.
    const where = ['l.organization_id = ?'];
    const params: unknown[] = [input.organizationId];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (input.status) add('l.status = ?', input.status);
    if (input.type) add('l.type = ?', input.type);
    if (input.patientId) add('l.patient_id = ?', input.patientId);
    if (input.providerId) add('l.provider_id = ?', input.providerId);
    if (input.channel === 'email') add('l.sent_via_email');
    if (input.channel === 'sms') add('l.sent_via_sms');
    if (input.channel === 'direct') add('not l.sent_via_email and not l.sent_via_sms');
    if (input.createdFrom) add('l.created_at >= ?', input.createdFrom);
    if (input.createdBefore) add('l.created_at < ?', input.createdBefore);
    let matches = '';
    const matchParams: unknown[] = [];
    if (input.search) {
      const like = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      matches = `with m as materialized (
          select id from payment_links where organization_id = ? and patient_id in (
            select id from patients where organization_id = ? and (name ilike ? or email ilike ? or phone ilike ?))
          union
          select id from payment_links where organization_id = ? and description ilike ?
        ) `;
      matchParams.push(
        input.organizationId,
        input.organizationId,
        like,
        like,
        like,
        input.organizationId,
        like,
      );
    }
    const from = `payment_links l${input.search ? ' join m on m.id = l.id' : ''} where ${where.join(' and ')}`;
    const order =
      input.sort === 'amount'
        ? 'l.amount_minor desc nulls last, l.id desc'
        : input.sort === 'expires'
          ? 'l.expires_at asc, l.id asc'
          : 'l.created_at desc, l.id desc';
    const [page, counted] = await Promise.all([
      this.em
        .fork()
        .execute<Array<{ id: string }>>(
          `${matches}select l.id from ${from} order by ${order} limit ? offset ?`,
          [...matchParams, ...params, input.limit, input.offset],
        ),
      this.em
        .fork()
        .execute<Array<{ n: string }>>(`${matches}select count(*) as n from ${from}`, [
          ...matchParams,
          ...params,
        ]),
    ]);
    const ids = page.map((r) => r.id);
    const rows = ids.length
      ? await this.em.find(PaymentLink, { organizationId: input.organizationId, id: { $in: ids } })
      : [];
    const byId = new Map(rows.map((l) => [l.id, l]));
    return {
      items: ids.map((id) => byId.get(id)).filter((l): l is PaymentLink => l !== undefined),
      total: Number(counted[0]?.n ?? 0),
    };
  }

  listReplacements(organizationId: string, linkId: string): Promise<PaymentLink[]> {
    if (!isUuid(linkId)) return Promise.resolve([]);
    return this.em.find(
      PaymentLink,
      { organizationId, regeneratedFromLinkId: linkId },
      { orderBy: { createdAt: 'desc', id: 'desc' } },
    );
  }

  findByMetadata(organizationId: string, metadata: Record<string, string>): Promise<PaymentLink | null> {
    return this.em.findOne(PaymentLink, { organizationId, metadata: { $contains: metadata } } as never);
  }

  async activeCardUpdatePatientIds(organizationId: string, patientIds: string[]): Promise<Set<string>> {
    if (patientIds.length === 0) return new Set();
    const rows = await this.em.execute<Array<{ patient_id: string }>>(
      `select distinct patient_id from payment_links
        where organization_id = ? and type = 'CARD_UPDATE' and status = 'ACTIVE' and patient_id in (?)`,
      [organizationId, patientIds],
    );
    return new Set(rows.map((r) => r.patient_id));
  }

  async save(link: PaymentLink): Promise<void> {
    await this.em.persist(link).flush();
  }
}

export class MikroPatientStore extends MikroPatientRepository implements PatientStore {
  private readonly entityManager: EntityManager;
  constructor(em: EntityManager) {
    super(em);
    this.entityManager = em;
  }

  findByIds(organizationId: string, ids: readonly string[]): Promise<Patient[]> {
    const valid = ids.filter(isUuid);
    return valid.length
      ? this.entityManager.find(Patient, { organizationId, id: { $in: valid } })
      : Promise.resolve([]);
  }

  unsafeFindByStripeCustomerId(customerId: string): Promise<Patient | null> {
    return this.entityManager.findOne(Patient, { stripeCustomerId: customerId });
  }

  findByKey(organizationId: string, key: PatientKey): Promise<Patient | null> {
    const em = this.entityManager;
    const earliest = { orderBy: { createdAt: 'asc' } } as const;
    if (key.id)
      return isUuid(key.id) ? em.findOne(Patient, { organizationId, id: key.id }) : Promise.resolve(null);
    if (key.email) return em.findOne(Patient, { organizationId, email: key.email }, earliest);
    if (key.phone) return em.findOne(Patient, { organizationId, phone: key.phone }, earliest);
    if (key.externalRef) return em.findOne(Patient, { organizationId, externalRef: key.externalRef });
    return Promise.resolve(null);
  }

  async unsafeFindAllByPhone(phone: string): Promise<Array<{ organizationId: string; id: string }>> {
    const rows = await this.entityManager.execute<Array<{ id: string; organization_id: string }>>(
      'select id, organization_id from patients where phone = ?',
      [phone],
    );
    return rows.map((r) => ({ id: r.id, organizationId: r.organization_id }));
  }

  async listWithCardExpiringBetween(
    organizationId: string,
    from: { year: number; month: number },
    to: { year: number; month: number },
  ): Promise<Patient[]> {
    const rows = await this.entityManager.execute<Array<{ id: string }>>(
      `select id from patients
        where organization_id = ? and card_last4 is not null
          and card_exp_year * 12 + card_exp_month between ? and ?`,
      [organizationId, from.year * 12 + from.month, to.year * 12 + to.month],
    );
    if (rows.length === 0) return [];
    return this.entityManager.find(
      Patient,
      { organizationId, id: { $in: rows.map((r) => r.id) } },
      { orderBy: { name: 'asc' } },
    );
  }
}

export class MikroPaymentStore implements PaymentStore {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  unsafeFindByPaymentIntentId(paymentIntentId: string): Promise<Payment | null> {
    return this.em.findOne(Payment, { stripePaymentIntentId: paymentIntentId });
  }

  findByPaymentIntentId(organizationId: string, paymentIntentId: string): Promise<Payment | null> {
    return this.em.findOne(Payment, { organizationId, stripePaymentIntentId: paymentIntentId });
  }

  listByLink(organizationId: string, linkId: string): Promise<Payment[]> {
    if (!isUuid(linkId)) return Promise.resolve([]);
    return this.em.find(Payment, { organizationId, linkId }, { orderBy: { createdAt: 'asc' } });
  }

  async save(payment: Payment): Promise<void> {
    await this.em.persist(payment).flush();
  }
}

export class PgLinkEventLog implements LinkEventLog {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async append(event: LinkEventRecord): Promise<void> {
    await this.em.execute(
      `insert into link_events (id, organization_id, link_id, type, occurred_at, data) values (?, ?, ?, ?, ?, ?::jsonb)`,
      [
        randomUUID(),
        event.organizationId,
        event.linkId,
        event.type,
        event.occurredAt,
        JSON.stringify(event.data ?? {}),
      ],
      'run',
    );
  }

  async list(organizationId: string, linkId: string): Promise<Array<LinkEventRecord & { id: string }>> {
    if (!isUuid(linkId)) return [];
    const rows = await this.em.execute<
      Array<{
        id: string;
        organization_id: string;
        link_id: string;
        type: string;
        occurred_at: Date;
        data: Record<string, unknown>;
      }>
    >(`select * from link_events where organization_id = ? and link_id = ? order by occurred_at, id`, [
      organizationId,
      linkId,
    ]);
    return rows.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      linkId: r.link_id,
      type: r.type,
      occurredAt: new Date(r.occurred_at),
      data: r.data,
    }));
  }
}

export class PgNotificationStore implements NotificationStore {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async create(input: Parameters<NotificationStore['create']>[0]): Promise<void> {
    await this.em.execute(
      `insert into notifications (id, organization_id, user_id, provider_id, type, link_id, title, body, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        randomUUID(),
        input.organizationId,
        input.userId,
        input.providerId,
        input.type,
        input.linkId,
        input.title,
        input.body,
        input.createdAt,
      ],
      'run',
    );
  }

  async listForUser(organizationId: string, userId: string, limit: number): Promise<NotificationRecord[]> {
    const rows = await this.em.execute<
      Array<{
        id: string;
        type: NotificationType;
        link_id: string | null;
        title: string;
        body: string;
        created_at: string | Date;
        read_at: string | Date | null;
      }>
    >(
      `select id, type, link_id, title, body, created_at, read_at from notifications
        where organization_id = ? and (user_id = ? or user_id is null)
        order by created_at desc, id desc limit ?`,
      [organizationId, userId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      linkId: r.link_id,
      title: r.title,
      body: r.body,
      createdAt: new Date(r.created_at),
      readAt: r.read_at ? new Date(r.read_at) : null,
    }));
  }

  async countUnreadForUser(organizationId: string, userId: string): Promise<number> {
    const rows = await this.em.execute<Array<{ n: string }>>(
      `select count(*) as n from notifications
        where organization_id = ? and (user_id = ? or user_id is null) and read_at is null`,
      [organizationId, userId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async markAllReadForUser(organizationId: string, userId: string, now: Date): Promise<number> {
    const rows = await this.em.execute<Array<{ id: string }>>(
      `update notifications set read_at = ?
        where organization_id = ? and (user_id = ? or user_id is null) and read_at is null returning id`,
      [now, organizationId, userId],
    );
    return rows.length;
  }
}
