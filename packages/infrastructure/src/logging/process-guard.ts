// The process-level safety net of the web and worker processes (ARCHITECTURE.md decision 11).
// Node ends a process on a promise rejection nobody handled: one forgotten `await` in one request
// would take every other request down with it. Here such a rejection is logged, with what it was,
// and the process keeps serving. An exception thrown outside any request or job (an event
// handler, a timer) leaves the process in a state nobody can vouch for: it is logged and the
// process stops cleanly through `onFatal`, so the start command (or the platform) restarts it.
import type { Logger } from './logger.ts';

function describe(reason: unknown): Record<string, unknown> {
  if (reason instanceof Error) {
    return {
      error: reason.message,
      errorType: reason.name,
      // The first frames say where; the whole stack is noise in a log line.
      stack: reason.stack
        ?.split('\n')
        .slice(1, 6)
        .map((line) => line.trim()),
    };
  }
  return { error: String(reason) };
}

export function guardProcess(options: { logger: Logger; onFatal: (error: Error) => void }): void {
  const { logger, onFatal } = options;
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled promise rejection (the process keeps running)', describe(reason));
  });
  process.on('uncaughtException', (error, origin) => {
    logger.error('uncaught exception: stopping', { origin, ...describe(error) });
    onFatal(error);
  });
}
