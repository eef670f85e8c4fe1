export { loadConfig, ConfigError, type Config } from './config/config.ts';
export { createContainer, type Container, type RequestDeps, type Scope } from './container.ts';
export { migrateDatabase } from './db/migrate.ts';
export { createLogger, redact, type Logger } from './logging/logger.ts';
export { recordHeartbeat, lastHeartbeat } from './jobs/heartbeat.ts';
export { FixedClock, systemClock } from './security/system.ts';
export { isUuid } from './repositories/uuid.ts';
