// The demo data the start command loads: idempotent (fixed ids; existing rows are left alone), so
// a second start adds nothing. Two organizations, so tenant isolation can be tried by hand.
import { Organization, Patient, Provider, User, createApiKey, type Role } from '@clinicpay/domain';
import type { Container, Scope } from '@clinicpay/infrastructure';

export type DemoCredentials = {
  url: string;
  email: string;
  password: string;
  apiKey: string;
  organizationId: string;
  patientIds: string[];
  providerLogin: { email: string; password: string };
  otherOrganization: {
    email: string;
    password: string;
    apiKey: string;
    organizationId: string;
    patientIds: string[];
  };
};

type PatientSeed = {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  preferredChannel?: 'email' | 'sms';
  smsOptedOut?: boolean;
  /** Months from now until the card expires (end of that month); undefined = no card on file. */
  cardExpiresInMonths?: number;
  cardBrand?: string;
};

type OrgSeed = {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  contactPhone: string;
  contactEmail: string;
  users: Array<{
    id: string;
    email: string;
    name: string;
    role: Role;
    password: string;
    providerId?: string;
  }>;
  providers: Array<{ id: string; name: string; email: string }>;
  patients: PatientSeed[];
};

const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;

const RIVERSIDE: OrgSeed = {
  id: id('0d3a1c00', 1),
  name: 'Riverside Family Clinic',
  slug: 'riverside',
  timeZone: 'America/New_York',
  contactPhone: '+12025550100',
  contactEmail: 'billing@riverside.example',
  users: [
    {
      id: id('5e7a0000', 1),
      email: 'admin@riverside.example',
      name: 'Alex Morgan',
      role: 'ADMIN',
      password: 'riverside-admin-2026',
    },
    {
      id: id('5e7a0000', 2),
      email: 'dr.lee@riverside.example',
      name: 'Dr. Maya Lee',
      role: 'PROVIDER',
      password: 'riverside-provider-2026',
      providerId: id('9a0b0000', 1),
    },
  ],
  providers: [
    { id: id('9a0b0000', 1), name: 'Dr. Maya Lee', email: 'dr.lee@riverside.example' },
    { id: id('9a0b0000', 2), name: 'Dr. Samuel Ortiz', email: 'dr.ortiz@riverside.example' },
  ],
  patients: [
    {
      id: id('9a7e0000', 1),
      name: 'Jordan Rivera',
      email: 'jordan.rivera@example.com',
      phone: '+12025550111',
      preferredChannel: 'sms',
      cardExpiresInMonths: 0,
      cardBrand: 'visa',
    },
    {
      id: id('9a7e0000', 2),
      name: 'Priya Patel',
      email: 'priya.patel@example.com',
      phone: '+12025550112',
      preferredChannel: 'email',
      cardExpiresInMonths: 1,
      cardBrand: 'mastercard',
    },
    {
      id: id('9a7e0000', 3),
      name: 'Marcus Chen',
      email: 'marcus.chen@example.com',
      preferredChannel: 'email',
      cardExpiresInMonths: 14,
      cardBrand: 'amex',
    },
    { id: id('9a7e0000', 4), name: 'Elena Novak', phone: '+12025550114', preferredChannel: 'sms' },
    {
      id: id('9a7e0000', 5),
      name: 'Samira Haddad',
      email: 'samira.haddad@example.com',
      phone: '+12025550115',
      cardExpiresInMonths: 30,
      cardBrand: 'visa',
    },
    {
      id: id('9a7e0000', 6),
      name: 'Tom Becker',
      email: 'tom.becker@example.com',
      phone: '+12025550116',
      smsOptedOut: true,
      preferredChannel: 'email',
    },
    {
      id: id('9a7e0000', 7),
      name: 'Grace Kim',
      phone: '+12025550117',
      preferredChannel: 'sms',
      cardExpiresInMonths: 2,
      cardBrand: 'discover',
    },
    { id: id('9a7e0000', 8), name: 'Luis Ortega', email: 'luis.ortega@example.com' },
    {
      id: id('9a7e0000', 9),
      name: 'Hannah Schultz',
      email: 'hannah.schultz@example.com',
      phone: '+12025550119',
      cardExpiresInMonths: 8,
      cardBrand: 'visa',
    },
    { id: id('9a7e0000', 10), name: 'Omar Farouk', phone: '+12025550120' },
    {
      id: id('9a7e0000', 11),
      name: 'Beatrice Okafor',
      email: 'beatrice.okafor@example.com',
      phone: '+12025550121',
      preferredChannel: 'email',
      cardExpiresInMonths: 1,
      cardBrand: 'mastercard',
    },
    {
      id: id('9a7e0000', 12),
      name: 'Noah Williams',
      email: 'noah.williams@example.com',
      phone: '+12025550122',
    },
  ],
};

const LAKESIDE: OrgSeed = {
  id: id('0d3a1c00', 2),
  name: 'Lakeside Dental',
  slug: 'lakeside',
  timeZone: 'America/Chicago',
  contactPhone: '+13125550100',
  contactEmail: 'front-desk@lakeside.example',
  users: [
    {
      id: id('5e7a0000', 3),
      email: 'admin@lakeside.example',
      name: 'Robin Diaz',
      role: 'ADMIN',
      password: 'lakeside-admin-2026',
    },
  ],
  providers: [{ id: id('9a0b0000', 3), name: 'Dr. Ines Varga', email: 'dr.varga@lakeside.example' }],
  patients: [
    { id: id('9a7e0000', 21), name: 'Chris Novak', email: 'chris.novak@example.com', phone: '+13125550111' },
    {
      id: id('9a7e0000', 22),
      name: 'Dana Whitfield',
      email: 'dana.whitfield@example.com',
      cardExpiresInMonths: 1,
      cardBrand: 'visa',
    },
    { id: id('9a7e0000', 23), name: 'Evan Brooks', phone: '+13125550113' },
  ],
};

async function seedOrganization(scope: Scope, container: Container, seed: OrgSeed, now: Date): Promise<void> {
  if (await scope.organizations.findById(seed.id)) return;
  const org = Organization.create({
    id: seed.id,
    name: seed.name,
    slug: seed.slug,
    timeZone: seed.timeZone,
    contactPhone: seed.contactPhone,
    contactEmail: seed.contactEmail,
    now,
  });
  // Rows are mapped without ORM relations, so flush in foreign-key order.
  await scope.em.persist(org).flush();
  for (const u of seed.users) {
    scope.em.persist(
      User.create({
        id: u.id,
        organizationId: seed.id,
        email: u.email,
        name: u.name,
        role: u.role,
        passwordHash: await container.passwords.hash(u.password),
        now,
      }),
    );
  }
  await scope.em.flush();
  for (const p of seed.providers) {
    const user = seed.users.find((u) => u.providerId === p.id);
    scope.em.persist(Provider.create({ ...p, organizationId: seed.id, userId: user?.id ?? null, now }));
  }
  for (const p of seed.patients) {
    const patient = Patient.create({
      id: p.id,
      organizationId: seed.id,
      name: p.name,
      email: p.email ?? null,
      phone: p.phone ?? null,
      preferredChannel: p.preferredChannel ?? null,
      now,
    });
    if (p.smsOptedOut) patient.smsOptedOutAt = now;
    if (p.cardExpiresInMonths !== undefined) {
      const expiry = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + p.cardExpiresInMonths, 1));
      patient.setCardOnFile({
        brand: p.cardBrand ?? 'visa',
        last4: String(4242 + Number(p.id.slice(-2)) * 7).slice(-4),
        expMonth: expiry.getUTCMonth() + 1,
        expYear: expiry.getUTCFullYear(),
        paymentMethodId: null,
        now,
      });
    }
    scope.em.persist(patient);
  }
  await scope.em.flush();
}

/** Keeps the demo API key from the previous start when it still works; otherwise issues a new one. */
async function demoApiKey(
  scope: Scope,
  container: Container,
  organizationId: string,
  previous: string | undefined,
): Promise<string> {
  if (previous) {
    const prefix = /^cpk_([a-z0-9]{10})_/.exec(previous)?.[1];
    const existing = prefix ? await scope.apiKeys.unsafeFindByPrefix(prefix) : null;
    if (
      existing &&
      existing.organizationId === organizationId &&
      !existing.revokedAt &&
      container.tokens.equals(existing.secretHash, container.tokens.hash(previous))
    ) {
      return previous;
    }
  }
  const created = await createApiKey(
    {
      organizationId,
      name: 'Demo key',
      actor: { type: 'system', name: 'demo-seed' },
      createdByUserId: null,
      requestId: null,
    },
    {
      apiKeys: scope.apiKeys,
      tokens: container.tokens,
      audit: scope.audit,
      clock: container.clock,
      ids: container.ids,
    },
  );
  if (!created.ok) throw created.error;
  return created.value.plaintext;
}

export async function seedDemoData(
  container: Container,
  previous: DemoCredentials | undefined,
): Promise<DemoCredentials> {
  const now = container.clock.now();
  return container.transaction(async (scope) => {
    await seedOrganization(scope, container, RIVERSIDE, now);
    await seedOrganization(scope, container, LAKESIDE, now);
    const [admin, provider] = RIVERSIDE.users;
    const [otherAdmin] = LAKESIDE.users;
    if (!admin || !provider || !otherAdmin) throw new Error('demo seed is missing its users');
    return {
      url: container.config.publicBaseUrl,
      email: admin.email,
      password: admin.password,
      apiKey: await demoApiKey(scope, container, RIVERSIDE.id, previous?.apiKey),
      organizationId: RIVERSIDE.id,
      patientIds: RIVERSIDE.patients.map((p) => p.id),
      providerLogin: { email: provider.email, password: provider.password },
      otherOrganization: {
        email: otherAdmin.email,
        password: otherAdmin.password,
        apiKey: await demoApiKey(scope, container, LAKESIDE.id, previous?.otherOrganization.apiKey),
        organizationId: LAKESIDE.id,
        patientIds: LAKESIDE.patients.map((p) => p.id),
      },
    };
  });
}
