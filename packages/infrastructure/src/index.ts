export { loadConfig, loadConfigOrExit, ConfigError, type Config } from './config/config.ts';
export { createContainer, type Container, type RequestDeps, type Scope } from './container.ts';
export { migrateDatabase } from './db/migrate.ts';
export { createLogger, redact, type Logger } from './logging/logger.ts';
export { guardProcess } from './logging/process-guard.ts';
export {
  createMetrics,
  observeClicks,
  observeJobQueue,
  scrape,
  serveMetrics,
  type Metrics,
} from './observability/metrics.ts';
export { recordHeartbeat, lastHeartbeat } from './jobs/heartbeat.ts';
export { FixedClock, systemClock } from './security/system.ts';
export { isUuid } from './repositories/uuid.ts';
export { translateStripeEvent, STRIPE_EVENT_TYPES } from './stripe/stripe-event-translator.ts';
export type { StripeWebhookRejection } from './stripe/stripe-webhook-verifier.ts';
export { detectBot } from './links/bot-detection.ts';
export type { Click, ClickStats } from './links/click-recorder.ts';
export { registerWorkerProcess, releaseDeadWorkers } from './jobs/worker-registry.ts';
// What the stand-ins' test helpers (@clinicpay/standins/testing) build on.
export { SANDBOX_WEBHOOK_SECRET } from './config/config.ts';
