// Migration 0011: money columns become bigint and every stored amount reads back the same, on a
// database migrated to 0010 with amounts at the edges (0, 1, the ceiling, a partial refund).
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MONEY_CEILING_MINOR } from '@clinicpay/domain';
import { createOrm, type Orm } from '../src/db/orm.ts';

const ORG = '00000000-0000-4000-8000-0000000000a1';
const PATIENT = '00000000-0000-4000-8000-0000000000b1';
const PROVIDER = '00000000-0000-4000-8000-0000000000c1';

let adminUrl: string;
let name: string;
let orm: Orm;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  adminUrl = inject('testDb').adminUrl;
  name = `clinicpay_migration_${randomBytes(6).toString('hex')}`;
  await admin(`create database "${name}" template template0`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  orm = await createOrm({ databaseUrl: url.toString() });
});
afterAll(async () => {
  await orm?.close(true);
  await admin(`drop database if exists "${name}" with (force)`);
});

const LINKS: Array<{ id: string; type: string; amount: number | null; refunded: number }> = [
  { id: '00000000-0000-4000-8000-000000000001', type: 'CARD_UPDATE', amount: null, refunded: 0 },
  { id: '00000000-0000-4000-8000-000000000002', type: 'CHECKOUT', amount: 1, refunded: 0 },
  { id: '00000000-0000-4000-8000-000000000003', type: 'CHECKOUT', amount: 15_000, refunded: 4_999 },
  {
    id: '00000000-0000-4000-8000-000000000004',
    type: 'CHECKOUT',
    amount: MONEY_CEILING_MINOR,
    refunded: MONEY_CEILING_MINOR,
  },
];
const PAYMENTS = [
  { id: '00000000-0000-4000-8000-000000000012', link: LINKS[1]!.id, amount: 0, refunded: 0 },
  { id: '00000000-0000-4000-8000-000000000013', link: LINKS[2]!.id, amount: 15_000, refunded: 4_999 },
  {
    id: '00000000-0000-4000-8000-000000000014',
    link: LINKS[3]!.id,
    amount: MONEY_CEILING_MINOR,
    refunded: MONEY_CEILING_MINOR,
  },
];

describe('migration 0011 (money as bigint)', () => {
  it('keeps every amount and leaves the money columns bigint', async () => {
    await orm.migrator.up({ to: '0010-link-replacements' });
    const em = orm.em.fork();
    await em.execute(`insert into organizations (id, name, slug) values (?, 'Clinic', 'clinic')`, [ORG]);
    await em.execute(`insert into providers (id, organization_id, name) values (?, ?, 'Dr Lee')`, [
      PROVIDER,
      ORG,
    ]);
    await em.execute(`insert into patients (id, organization_id, name) values (?, ?, 'Pat')`, [PATIENT, ORG]);
    for (const [i, l] of LINKS.entries())
      await em.execute(
        `insert into payment_links (id, organization_id, provider_id, patient_id, type, status, amount_minor, refunded_minor,
           short_code, expires_at) values (?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, now() + interval '1 day')`,
        [l.id, ORG, PROVIDER, PATIENT, l.type, l.amount, l.refunded, `code${i}aaaaaaaaaaa`],
      );
    for (const p of PAYMENTS)
      await em.execute(
        `insert into payments (id, organization_id, link_id, patient_id, status, currency, amount_minor, refunded_minor)
           values (?, ?, ?, ?, 'SUCCEEDED', 'USD', ?, ?)`,
        [p.id, ORG, p.link, PATIENT, p.amount, p.refunded],
      );
    const types = () =>
      orm.em.fork().execute<Array<{ col: string; data_type: string }>>(
        `select table_name || '.' || column_name as col, data_type from information_schema.columns
            where table_schema = current_schema() and column_name in ('amount_minor', 'refunded_minor')
            order by 1`,
      );
    expect(new Set((await types()).map((t) => t.data_type))).toEqual(new Set(['integer']));

    await orm.migrator.up();

    expect(await types()).toEqual([
      { col: 'payment_links.amount_minor', data_type: 'bigint' },
      { col: 'payment_links.refunded_minor', data_type: 'bigint' },
      { col: 'payments.amount_minor', data_type: 'bigint' },
      { col: 'payments.refunded_minor', data_type: 'bigint' },
    ]);
    const links = await orm.em
      .fork()
      .execute(
        `select id, amount_minor as amount, refunded_minor as refunded from payment_links order by id`,
      );
    expect(links).toEqual(LINKS.map(({ id, amount, refunded }) => ({ id, amount, refunded })));
    const payments = await orm.em
      .fork()
      .execute(
        `select id, link_id as link, amount_minor as amount, refunded_minor as refunded from payments order by id`,
      );
    expect(payments).toEqual(PAYMENTS);
  });

  it('keeps the money checks: no negative amount, no refund above the amount', async () => {
    const em = orm.em.fork();
    await expect(
      em.execute(`update payments set amount_minor = -1 where id = ?`, [PAYMENTS[0]!.id]),
    ).rejects.toThrow(/check constraint/);
    await expect(
      em.execute(`update payment_links set refunded_minor = amount_minor + 1 where id = ?`, [LINKS[2]!.id]),
    ).rejects.toThrow(/check constraint/);
  });
});
