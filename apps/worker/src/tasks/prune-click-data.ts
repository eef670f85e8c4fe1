// prune-click-data — hourly: clicks older than CLICK_IP_RETENTION_DAYS lose their IP address, and
// visitor salts older than yesterday are deleted (so no visitor hash can be recomputed).
import type { Task } from 'graphile-worker';
import type { Container } from '@clinicpay/infrastructure';

export function pruneClickDataTask(container: Container): Task {
  return async (_payload, helpers) => {
    const { erasedAddresses, deletedSalts } = await container.pruneClickData();
    if (erasedAddresses > 0 || deletedSalts > 0)
      helpers.logger.info(`erased ${erasedAddresses} click address(es), deleted ${deletedSalts} salt(s)`);
  };
}
