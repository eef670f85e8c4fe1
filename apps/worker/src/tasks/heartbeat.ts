// heartbeat — every minute: proves to /readyz that jobs are being picked up.
import type { Task } from 'graphile-worker';
import { recordHeartbeat, type Container } from '@clinicpay/infrastructure';

export function heartbeatTask(container: Container): Task {
  return async () => {
    await recordHeartbeat(container.scope().em, container.clock.now(), { pid: process.pid });
  };
}
