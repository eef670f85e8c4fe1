// Development-only helpers (embedded PostgreSQL, demo data). Never imported by the web build.
export { startEmbeddedPostgres, ensureDatabase, type EmbeddedPostgres } from './embedded-postgres.ts';
export { seedDemoData, type DemoCredentials } from './demo-seed.ts';
export {
  startStripeSandbox,
  type StripeSandbox,
  type StripeSandboxOptions,
} from '../stripe-sandbox/index.ts';
export { submitCard, TEST_CARDS } from '../testing/sandbox-checkout.ts';
