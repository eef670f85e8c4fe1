// Configuration is parsed once at boot. Nothing else in the codebase reads process.env.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const port = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(fallback),
  );

const postgresUrl = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
      } catch {
        return false;
      }
    }, 'must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user@127.0.0.1:5432/clinicpay')
    .optional(),
);

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'must be an http(s) URL');

const positiveInt = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().positive('must be a positive whole number').default(fallback),
  );

const schema = z.object({
  NODE_ENV: z.preprocess(
    emptyToUndefined,
    z.enum(['development', 'production', 'test']).default('development'),
  ),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PORT: port(3000),
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  DATABASE_URL: postgresUrl,
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
  EMBEDDED_PG_PORT: port(54329),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_ABSOLUTE_HOURS: positiveInt(12),
  MONEY_MAX_MINOR: positiveInt(99_999_999),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  STRIPE_SECRET_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must look like sk_test_… or sk_live_…')
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().startsWith('whsec_', 'must start with whsec_').optional(),
  ),
  STRIPE_SANDBOX_PORT: port(12111),
  STRIPE_SANDBOX_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  STRIPE_SANDBOX_PUBLIC_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  TWILIO_ACCOUNT_SID: z.preprocess(
    emptyToUndefined,
    z.string().startsWith('AC', 'must start with AC').optional(),
  ),
  TWILIO_AUTH_TOKEN: z.preprocess(emptyToUndefined, z.string().optional()),
  TWILIO_FROM_NUMBER: z.preprocess(emptyToUndefined, z.string().optional()),
  TWILIO_API_BASE_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  SENDGRID_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  SENDGRID_API_BASE_URL: z.preprocess(emptyToUndefined, httpUrl.optional()),
  MESSAGE_SEND_RATE_PER_SECOND: positiveInt(20),
  WORKER_CONCURRENCY: positiveInt(10),
  STRIPE_RECONCILE_INTERVAL_SECONDS: positiveInt(60),
  CLICK_IP_RETENTION_DAYS: positiveInt(30),
  SENDGRID_FROM_EMAIL: z.preprocess(
    emptyToUndefined,
    z.string().email('must be an email address').optional(),
  ),
  DEMO_SEED: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).default('true')),
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.string().optional()),
  REDIS_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => /^rediss?:$/.test(URL.parse(v)?.protocol ?? ''), 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  RATE_LIMITS: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  RATE_LIMIT_READS: positiveInt(600),
  RATE_LIMIT_WRITES: positiveInt(120),
  RATE_LIMIT_EXPORTS: positiveInt(10),
  RATE_LIMIT_ANONYMOUS: positiveInt(300),
  METRICS_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  WORKER_METRICS_PORT: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(65535, 'must be between 1 and 65535').optional(),
  ),
});

/** The proxies TRUST_PROXY names: hop count, or addresses/CIDR ranges and Express's names for ranges. */
export type TrustProxy = false | number | string[];

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: unset → false; "1" → one hop; "loopback, 10.0.0.0/8" → those; anything else → null. */
function parseTrustProxy(value: string | undefined): TrustProxy | null {
  if (value === undefined || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value) > 0 ? Number(value) : false;
  const entries = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const valid = entries.every((entry) => {
    if (PROXY_RANGE_NAMES.has(entry)) return true;
    if (entry.includes('/'))
      return ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) || ipaddr.IPv6.isValidCIDR(entry);
    return ipaddr.IPv4.isValidFourPartDecimal(entry) || ipaddr.IPv6.isValid(entry);
  });
  return valid && entries.length > 0 ? entries : null;
}

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicBaseUrl: string;
  /** Absent: the start command runs an embedded PostgreSQL. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  session: { idleTimeoutMs: number; absoluteTimeoutMs: number };
  moneyMaxMinor: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /**
   * `sandbox` (no STRIPE_SECRET_KEY): the local Stripe stand-in at `apiBase`, whose hosted pages are
   * at `publicUrl`. `stripe`: the real API. The same adapter serves both.
   */
  stripe:
    | { mode: 'stripe'; secretKey: string; webhookSecret: string; checkoutHosts: string[] }
    | {
        mode: 'sandbox';
        secretKey: string;
        webhookSecret: string;
        apiBase: string;
        publicUrl: string;
        port: number;
        checkoutHosts: string[];
      };
  /** Unset: SMS go to the dev outbox. `apiBaseUrl` points the SDK at a stand-in (tests). */
  twilio:
    { accountSid: string; authToken: string; fromNumber: string; apiBaseUrl: string | undefined } | undefined;
  /** Unset: email goes to the dev outbox. */
  sendgrid:
    | {
        apiKey: string;
        fromEmail: string;
        webhookPublicKey: string | undefined;
        apiBaseUrl: string | undefined;
      }
    | undefined;
  /** Messages per second per organization, across all workers. */
  messageSendRatePerSecond: number;
  /** Jobs one worker process runs at once. */
  workerConcurrency: number;
  /** How often the worker reads Stripe for payments whose webhook never arrived. */
  stripeReconcileIntervalMs: number;
  /** Clicks keep their IP address this many days; then the address is erased. */
  clickIpRetentionDays: number;
  demoSeed: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Express's `trust proxy`).
   * False: the socket's address, whatever the headers say.
   */
  trustProxy: TrustProxy;
  /** Request budgets per window (docs/api.md, "Rate limits"); null when RATE_LIMITS=off. */
  rateLimits: {
    windowSeconds: number;
    reads: number;
    writes: number;
    exports: number;
    anonymous: number;
  } | null;
  /** Set: rate-limit counts live in Redis; unset: in PostgreSQL. */
  redisUrl: string | undefined;
  /**
   * Prometheus metrics (docs/operations.md): `/metrics` on the web port answers with
   * `Authorization: Bearer <token>`, or — no token set — in development only; the worker serves
   * them on `workerPort` (loopback, or HOST), with the same token rule.
   */
  metrics: { token: string | undefined; workerPort: number | undefined };
};

/** Thrown when the environment is invalid; its message names every bad variable on one line. */
export class ConfigError extends Error {
  readonly problems: Array<{ variable: string; problem: string }>;
  constructor(problems: Array<{ variable: string; problem: string }>) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.problem}`).join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Local-only secrets: the sandbox is a stand-in on this machine, never a real account. */
export const SANDBOX_SECRET_KEY = 'sk_test_clinicpay_local_sandbox';
export const SANDBOX_WEBHOOK_SECRET = 'whsec_clinicpay_local_sandbox';

function sandboxStripe(
  port: number,
  apiUrl: string | undefined,
  publicUrl: string | undefined,
  webhookSecret: string | undefined,
): Config['stripe'] {
  const publicBase = (publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    mode: 'sandbox',
    secretKey: SANDBOX_SECRET_KEY,
    webhookSecret: webhookSecret ?? SANDBOX_WEBHOOK_SECRET,
    apiBase: (apiUrl ?? `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    publicUrl: publicBase,
    port,
    checkoutHosts: [new URL(publicBase).host],
  };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '?'),
        problem: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const problems: Array<{ variable: string; problem: string }> = [];
  const twilioVars = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM_NUMBER];
  if (twilioVars.some(Boolean) && !twilioVars.every(Boolean)) {
    for (const [name, value] of [
      ['TWILIO_ACCOUNT_SID', e.TWILIO_ACCOUNT_SID],
      ['TWILIO_AUTH_TOKEN', e.TWILIO_AUTH_TOKEN],
      ['TWILIO_FROM_NUMBER', e.TWILIO_FROM_NUMBER],
    ] as const) {
      if (!value) problems.push({ variable: name, problem: 'is required when any TWILIO_ variable is set' });
    }
  }
  if (Boolean(e.SENDGRID_API_KEY) !== Boolean(e.SENDGRID_FROM_EMAIL)) {
    problems.push({
      variable: e.SENDGRID_API_KEY ? 'SENDGRID_FROM_EMAIL' : 'SENDGRID_API_KEY',
      problem: 'is required when the other SENDGRID_ variable is set',
    });
  }
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) {
    problems.push({
      variable: 'STRIPE_WEBHOOK_SECRET',
      problem: 'is required when STRIPE_SECRET_KEY is set',
    });
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (trustProxy === null) {
    problems.push({
      variable: 'TRUST_PROXY',
      problem:
        'must be a number of proxy hops, or addresses/CIDR ranges (or loopback, linklocal, uniquelocal) separated by commas',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    session: {
      idleTimeoutMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteTimeoutMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    },
    moneyMaxMinor: e.MONEY_MAX_MINOR,
    logLevel: e.LOG_LEVEL,
    stripe:
      e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET
        ? {
            mode: 'stripe',
            secretKey: e.STRIPE_SECRET_KEY,
            webhookSecret: e.STRIPE_WEBHOOK_SECRET,
            checkoutHosts: ['checkout.stripe.com'],
          }
        : sandboxStripe(
            e.STRIPE_SANDBOX_PORT,
            e.STRIPE_SANDBOX_URL,
            e.STRIPE_SANDBOX_PUBLIC_URL,
            e.STRIPE_WEBHOOK_SECRET,
          ),
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM_NUMBER
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            fromNumber: e.TWILIO_FROM_NUMBER,
            apiBaseUrl: e.TWILIO_API_BASE_URL,
          }
        : undefined,
    sendgrid:
      e.SENDGRID_API_KEY && e.SENDGRID_FROM_EMAIL
        ? {
            apiKey: e.SENDGRID_API_KEY,
            fromEmail: e.SENDGRID_FROM_EMAIL,
            webhookPublicKey: e.SENDGRID_WEBHOOK_PUBLIC_KEY,
            apiBaseUrl: e.SENDGRID_API_BASE_URL,
          }
        : undefined,
    messageSendRatePerSecond: e.MESSAGE_SEND_RATE_PER_SECOND,
    workerConcurrency: e.WORKER_CONCURRENCY,
    stripeReconcileIntervalMs: e.STRIPE_RECONCILE_INTERVAL_SECONDS * 1000,
    clickIpRetentionDays: e.CLICK_IP_RETENTION_DAYS,
    demoSeed: e.DEMO_SEED === 'true',
    trustProxy: trustProxy ?? false,
    rateLimits:
      e.RATE_LIMITS === 'off'
        ? null
        : {
            windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
            reads: e.RATE_LIMIT_READS,
            writes: e.RATE_LIMIT_WRITES,
            exports: e.RATE_LIMIT_EXPORTS,
            anonymous: e.RATE_LIMIT_ANONYMOUS,
          },
    redisUrl: e.REDIS_URL,
    metrics: { token: e.METRICS_TOKEN, workerPort: e.WORKER_METRICS_PORT },
  };
}

/** For a process's entry point: the configuration, or one line naming every bad variable and exit 1. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
