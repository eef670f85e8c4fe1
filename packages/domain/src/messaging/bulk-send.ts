// Bulk sending, done right (the spec's sendBulkLinks sent in a sequential loop with no limit, no
// retry and no record): every row is validated before anything is sent; a batch is keyed by the
// caller's idempotency key, so submitting it twice sends nothing twice; links are created by a job,
// and messages go through the queue, rate limit and retries that every send uses.
import type { Actor } from '../identity/actor.ts';
import { isChannel, isValidEmail, type Channel } from '../patients/contact.ts';
import type { Patient } from '../patients/patient.ts';
import { parseMoney } from '../money/parse-money.ts';
import { minorToDecimalString } from '../money/money.ts';
import { AppError, type FieldError } from '../shared/app-error.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { PhoneNumbers } from '../patients/phone-numbers.ts';
import type { PaymentLinkDeps } from '../payment-links/use-cases/deps.ts';
import { createCheckoutLink } from '../payment-links/use-cases/create-link.ts';
import type { BulkBatch, BulkRowRecord, BulkStore } from './bulk-ports.ts';
import type { Message } from './message.ts';
import type { LinkStatus } from '../payment-links/link-status.ts';
import { planMessages, WEEK_MS, type PlannedMessage } from './send-rules.ts';
import type { MinorUnits } from '../money/money.ts';

export type BulkRowInput = { patient?: unknown; amount?: unknown; description?: unknown; channel?: unknown };

/** What sending the row will do to one message, decided by the rules the send itself follows. */
export type BulkRowMessage = {
  channel: Channel;
  recipient: string;
  status: 'queued' | 'scheduled' | 'refused';
  reason: 'bulk' | 'fallback';
  refusedReason: string | null;
  scheduledFor: Date | null;
};

export type BulkRowReport = {
  row: number;
  ok: boolean;
  errors: FieldError[];
  patientId: string | null;
  patientName: string | null;
  amountMinor: MinorUnits | null;
  channels: Channel[];
  /** For a row that can be sent: each message it will make (some may be held or refused). */
  messages: BulkRowMessage[];
};

function rowMessage(p: PlannedMessage): BulkRowMessage {
  const { verdict } = p;
  return {
    channel: p.channel,
    recipient: p.recipient,
    status: verdict.kind === 'refuse' ? 'refused' : verdict.kind === 'schedule' ? 'scheduled' : 'queued',
    reason: p.fallbackOf ? 'fallback' : 'bulk',
    refusedReason: verdict.kind === 'refuse' ? verdict.reason : null,
    scheduledFor: verdict.kind === 'schedule' ? verdict.at : null,
  };
}

export type BulkDeps = PaymentLinkDeps & {
  bulk: BulkStore;
  phones: PhoneNumbers;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_BULK_ROWS = 10_000;

async function resolvePatient(organizationId: string, raw: string, deps: BulkDeps): Promise<Patient | null> {
  const value = raw.trim();
  if (UUID.test(value)) return deps.repos.patients.findByKey(organizationId, { id: value });
  if (isValidEmail(value))
    return deps.repos.patients.findByKey(organizationId, { email: value.toLowerCase() });
  const phone = deps.phones.toE164(value, 'US');
  if (phone) {
    const byPhone = await deps.repos.patients.findByKey(organizationId, { phone });
    if (byPhone) return byPhone;
  }
  return deps.repos.patients.findByKey(organizationId, { externalRef: value });
}

/**
 * Checks every row the way sending it will: the patient, the amount (within the clinic's limit),
 * the channel, and then the send rules themselves — consent, a reachable address, the weekly contact
 * cap (counting what this batch adds, row by row) and texting hours — so a row marked OK goes out,
 * and each of its messages is described as it will be sent, held or refused.
 */
export async function validateBulkRows(
  organizationId: string,
  rows: readonly BulkRowInput[],
  currency: string,
  deps: BulkDeps,
): Promise<BulkRowReport[]> {
  const now = deps.clock.now();
  const [organization, providers] = await Promise.all([
    deps.repos.organizations.findById(organizationId),
    deps.repos.providers.listByOrganization(organizationId),
  ]);
  const billable = providers.some((p) => p.active);
  const checked: Array<{ report: BulkRowReport; patient: Patient | null }> = [];
  for (const [index, input] of rows.entries()) {
    const row = index + 1;
    const errors: FieldError[] = [];
    const field = (name: string) => `rows[${row}].${name}`;
    let patient: Patient | null = null;
    if (typeof input.patient !== 'string' || input.patient.trim() === '') {
      errors.push({
        field: field('patient'),
        message: 'Give the patient’s id, email, phone or account reference',
      });
    } else {
      patient = await resolvePatient(organizationId, input.patient, deps);
      if (!patient)
        errors.push({
          field: field('patient'),
          message: `No patient matches “${input.patient.trim().slice(0, 60)}”`,
        });
    }
    const amount = parseMoney(input.amount, currency, { maxMinor: deps.moneyMaxMinor });
    if (!amount.ok) errors.push({ field: field('amount'), message: amount.error.message });
    else if (amount.value.amountMinor === 0)
      errors.push({ field: field('amount'), message: 'Amount must be more than zero' });
    if (
      input.description !== undefined &&
      input.description !== null &&
      (typeof input.description !== 'string' || input.description.length > 500)
    ) {
      errors.push({ field: field('description'), message: 'Description must be at most 500 characters' });
    }
    const rawChannel = typeof input.channel === 'string' ? input.channel.trim().toLowerCase() : '';
    const channels: Channel[] =
      rawChannel === 'both' ? ['email', 'sms'] : isChannel(rawChannel) ? [rawChannel] : [];
    if (channels.length === 0)
      errors.push({ field: field('channel'), message: 'Channel must be email, sms or both' });
    if (!billable)
      errors.push({ field: field('provider'), message: 'Add a provider to your organization first' });
    checked.push({
      patient,
      report: {
        row,
        ok: false,
        errors,
        patientId: patient?.id ?? null,
        patientName: patient?.name ?? null,
        amountMinor: amount.ok ? amount.value.amountMinor : null,
        channels,
        messages: [],
      },
    });
  }

  // The send rules, in row order: a patient's earlier rows use up their weekly cap first.
  const patientIds = [...new Set(checked.flatMap((c) => (c.patient ? [c.patient.id] : [])))];
  const contacts = organization
    ? await deps.repos.messages.countContactsToPatientsSince(
        organizationId,
        patientIds,
        new Date(now.getTime() - WEEK_MS),
      )
    : new Map<string, number>();
  for (const { report, patient } of checked) {
    if (patient && organization && report.channels.length > 0) {
      const planned = planMessages({
        channels: report.channels,
        organization,
        patient,
        link: { status: 'ACTIVE' },
        contactsThisWeek: contacts.get(patient.id) ?? 0,
        unavailable: deps.unavailableChannels,
        now,
      });
      const going = planned.filter((p) => p.verdict.kind !== 'refuse');
      const refusal = planned.find((p) => p.verdict.kind === 'refuse')?.verdict;
      if (going.length === 0)
        report.errors.push({
          field: `rows[${report.row}].channel`,
          message: `Cannot send: ${refusal?.kind === 'refuse' ? refusal.reason : 'no channel can be used'}`,
        });
      else if (report.errors.length === 0) {
        report.messages = planned.map(rowMessage);
        contacts.set(patient.id, (contacts.get(patient.id) ?? 0) + going.length);
      }
    }
    report.ok = report.errors.length === 0;
  }
  return checked.map((c) => c.report);
}

export type BulkStarted = { batch: BulkBatch; duplicate: boolean; report: BulkRowReport[] };

export async function startBulkSend(
  input: {
    organizationId: string;
    actor: Actor;
    createdByUserId: string | null;
    requestId: string | null;
    idempotencyKey: string;
    rows: readonly BulkRowInput[];
    /** Send the valid rows and skip the others; without it, any invalid row stops the whole batch. */
    skipInvalid: boolean;
  },
  deps: BulkDeps,
): Promise<Result<BulkStarted, AppError & { report?: BulkRowReport[] }>> {
  if (!/^[A-Za-z0-9._:-]{8,100}$/.test(input.idempotencyKey)) {
    return err(AppError.validation('idempotencyKey', 'Use 8–100 letters, digits, dots, dashes or colons'));
  }
  if (input.rows.length === 0 || input.rows.length > MAX_BULK_ROWS) {
    return err(AppError.validation('rows', `Send between 1 and ${MAX_BULK_ROWS} rows`));
  }
  const organization = await deps.repos.organizations.findById(input.organizationId);
  if (!organization) return err(AppError.notFound('Organization'));
  const report = await validateBulkRows(input.organizationId, input.rows, organization.defaultCurrency, deps);
  const invalid = report.filter((r) => !r.ok);
  if (invalid.length > 0 && !input.skipInvalid) {
    const error = AppError.validationErrors(
      invalid.flatMap((r) => r.errors),
      `${invalid.length} of ${report.length} rows are invalid; nothing was sent`,
    );
    return err(Object.assign(error, { report }));
  }
  const now = deps.clock.now();
  const batch: BulkBatch = {
    id: deps.ids.uuid(),
    organizationId: input.organizationId,
    idempotencyKey: input.idempotencyKey,
    status: 'running',
    total: report.length,
    createdAt: now,
  };
  const records: BulkRowRecord[] = report.map((r, i) => ({
    rowNumber: r.row,
    patientId: r.patientId,
    linkId: null,
    status: r.ok ? 'queued' : 'skipped',
    skipReason: r.ok ? null : r.errors.map((e) => e.message).join('; '),
    request: {
      amountMinor: r.amountMinor,
      currency: organization.defaultCurrency,
      description:
        typeof input.rows[i]?.description === 'string' ? (input.rows[i]!.description as string) : null,
      channels: r.channels,
    },
  }));
  const stored = await deps.uow.run(async (tx) => {
    const result = await tx.bulk.createBatch(batch, input.createdByUserId, records);
    if (result.created) {
      await tx.jobs.enqueue(
        'bulk-create-links',
        { organizationId: input.organizationId, batchId: result.batch.id },
        { jobKey: `bulk:${result.batch.id}` },
      );
      await tx.audit.append({
        organizationId: input.organizationId,
        actor: input.actor,
        action: 'bulk.start',
        entityType: 'bulk_batch',
        entityId: result.batch.id,
        requestId: input.requestId,
        occurredAt: now,
        data: { rows: report.length, skipped: invalid.length },
      });
    }
    return result;
  });
  return ok({ batch: stored.batch, duplicate: !stored.created, report });
}

/** The `bulk-create-links` job: one link (and its messages) per queued row; safe to run again. */
export async function runBulkBatch(
  input: { organizationId: string; batchId: string; actor: Actor },
  deps: BulkDeps,
): Promise<number> {
  let created = 0;
  for (const row of await deps.bulk.rows(input.organizationId, input.batchId)) {
    if (row.status !== 'queued' || row.linkId || !row.patientId) continue;
    // A link made by an earlier run that died before recording it is found by its metadata.
    const existing = await deps.repos.links.findByMetadata(input.organizationId, {
      bulk_batch_id: input.batchId,
      bulk_row: String(row.rowNumber),
    });
    if (existing) {
      await deps.bulk.setRowLink(input.organizationId, input.batchId, row.rowNumber, existing.id);
      continue;
    }
    const result = await createCheckoutLink(
      {
        organizationId: input.organizationId,
        actor: input.actor,
        createdByUserId: null,
        requestId: null,
        patientId: row.patientId,
        amount:
          row.request.amountMinor === null
            ? undefined
            : minorToDecimalString(row.request.amountMinor, row.request.currency),
        currency: row.request.currency,
        description: row.request.description,
        sendVia: row.request.channels,
        bulkBatchId: input.batchId,
        metadata: { bulk_batch_id: input.batchId, bulk_row: String(row.rowNumber) },
      },
      deps,
    );
    if (result.ok) {
      await deps.bulk.setRowLink(input.organizationId, input.batchId, row.rowNumber, result.value.link.id);
      created += 1;
    } else if (result.error.code === 'PROVIDER_TRANSIENT') {
      throw result.error; // the job retries; rows already done are skipped
    } else {
      await deps.bulk.skipRow(input.organizationId, input.batchId, row.rowNumber, result.error.message);
    }
  }
  await deps.bulk.markDone(input.organizationId, input.batchId, deps.clock.now());
  return created;
}

/** One row of a bulk send as its results page shows it: the link it made and what its messages did. */
export type BulkResultRow = {
  row: number;
  patientName: string | null;
  /** Null for a skipped row (see `skipReason`) or one the job hasn't reached yet. */
  link: {
    id: string;
    shortUrl: string;
    status: LinkStatus;
    amountMinor: MinorUnits | null;
    currency: string;
  } | null;
  skipReason: string | null;
  messages: Message[];
};

export type BulkProgress = {
  batch: BulkBatch;
  linksCreated: number;
  skipped: Array<{ row: number; reason: string | null }>;
  /** Messages of the whole batch by status. */
  messages: Record<string, number>;
  /** One page of rows, in row order. */
  rows: BulkResultRow[];
  rowCount: number;
};

/** A bulk send's progress, and one page of its rows with the links they made. */
export async function getBulkProgress(
  input: { organizationId: string; batchId: string; offset: number; limit: number },
  deps: BulkDeps,
): Promise<Result<BulkProgress, AppError>> {
  const { organizationId } = input;
  const batch = await deps.bulk.findBatch(organizationId, input.batchId);
  if (!batch) return err(AppError.notFound('Bulk send'));
  const [records, counts, organization] = await Promise.all([
    deps.bulk.rows(organizationId, batch.id),
    deps.bulk.messageCounts(organizationId, batch.id),
    deps.repos.organizations.findById(organizationId),
  ]);
  if (!organization) return err(AppError.notFound('Organization'));
  const page = records.slice(input.offset, input.offset + input.limit);
  const linkIds = page.flatMap((r) => (r.linkId ? [r.linkId] : []));
  const [links, patients, messages] = await Promise.all([
    deps.repos.links.findByIds(organizationId, linkIds),
    deps.repos.patients.findByIds(
      organizationId,
      page.flatMap((r) => (r.patientId ? [r.patientId] : [])),
    ),
    deps.repos.messages.listByLinks(organizationId, linkIds),
  ]);
  const linkById = new Map(links.map((l) => [l.id, l]));
  const nameById = new Map(patients.map((p) => [p.id, p.name]));
  return ok({
    batch,
    linksCreated: records.filter((r) => r.linkId).length,
    skipped: records
      .filter((r) => r.status === 'skipped')
      .map((r) => ({ row: r.rowNumber, reason: r.skipReason })),
    messages: counts,
    rowCount: records.length,
    rows: page.map((r) => {
      const link = r.linkId ? linkById.get(r.linkId) : undefined;
      return {
        row: r.rowNumber,
        patientName: r.patientId ? (nameById.get(r.patientId) ?? null) : null,
        link: link
          ? {
              id: link.id,
              shortUrl: deps.urls.shortUrl(organization, link.shortCode),
              status: link.status,
              amountMinor: link.amountMinor,
              currency: link.currency,
            }
          : null,
        skipReason: r.skipReason,
        messages: link ? messages.filter((m) => m.linkId === link.id) : [],
      };
    }),
  });
}
