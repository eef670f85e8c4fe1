// What every procedure receives: who is calling, for which tenant, and the ports it may use.
// Adapters arrive here already built (by the composition root); the API never constructs them.
import type {
  AccessPolicies,
  ApiKey,
  ApiKeyRepository,
  AuditLog,
  Clock,
  IdGenerator,
  LinkReadModel,
  OrganizationRepository,
  PasswordHasher,
  PaymentLinkDeps,
  PhoneNumbers,
  RateLimitDecision,
  RateLimiter,
  AnalyticsDeps,
  BulkDeps,
  MessagingDeps,
  PatientRepository,
  ProviderRepository,
  Role,
  SignInThrottle,
  StaffSessionRepository,
  TokenService,
  User,
  UserRepository,
  WebhookEventLog,
} from '@clinicpay/domain';

export type ApiDeps = {
  users: UserRepository;
  sessions: StaffSessionRepository;
  apiKeys: ApiKeyRepository;
  throttle: SignInThrottle;
  audit: AuditLog;
  organizations: OrganizationRepository;
  providers: ProviderRepository;
  patients: PatientRepository;
  passwords: PasswordHasher;
  tokens: TokenService;
  clock: Clock;
  ids: IdGenerator;
  phones: PhoneNumbers;
  /** A link with its patient, payments, messages and timeline, at once. */
  linkReads: LinkReadModel;
  /** The payment-link use cases' dependencies (transactions, Stripe, URLs). */
  paymentLinks: PaymentLinkDeps;
  /** Sending, resending and templates. */
  messaging: MessagingDeps;
  bulkSends: BulkDeps;
  /** Analytics and exports. */
  analytics: AnalyticsDeps;
  /** Provider events that need attention (failed, still retrying, never picked up). */
  webhookEvents: WebhookEventLog;
  /** Where the dashboard is served (links in staff invitations). */
  publicBaseUrl: string;
  /** Request budgets, shared by every web process. */
  rateLimiter: RateLimiter;
  /** IP allowlists and per-organization rate limits. */
  access: AccessPolicies;
};

export type Auth =
  | { kind: 'user'; user: User; role: Role; organizationId: string | null }
  | { kind: 'api_key'; apiKey: ApiKey; organizationId: string };

export type ApiContext = {
  deps: ApiDeps;
  auth: Auth | null;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** A SUPER_ADMIN acting inside an organization (the spec's admin override); audited on every use. */
  actAsOrganizationId: string | null;
  /** Told each rate-limit decision the request's procedures make (the HTTP edge sets the headers). */
  onRateLimit?: (decision: RateLimitDecision) => void;
  /** Told when a clinic's IP allowlist refuses the request (the HTTP edge counts it). */
  onAllowlistRefused?: (subject: 'dashboard' | 'api_key') => void;
};
