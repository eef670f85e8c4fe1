// prune-click-data — hourly: clicks older than CLICK_IP_RETENTION_DAYS lose their IP address, and
// visitor salts older than yesterday are deleted (so no visitor hash can be recomputed), and so are
// the guess throttle's rows of addresses it no longer restricts.
import type { Task } from 'graphile-worker';
import { pruneClickData } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

export function pruneClickDataTask(container: Container): Task {
  return async (_payload, helpers) => {
    const { erasedAddresses, deletedSalts, forgottenGuessers } = await pruneClickData(
      container.retentionDeps(),
    );
    if (erasedAddresses > 0 || deletedSalts > 0 || forgottenGuessers > 0)
      helpers.logger.info(
        `erased ${erasedAddresses} click address(es), deleted ${deletedSalts} salt(s), forgot ${forgottenGuessers} guessing address(es)`,
      );
  };
}
