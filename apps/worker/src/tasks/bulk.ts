// bulk-create-links — creates the links (and queues the messages) of one bulk batch.
import type { Task } from 'graphile-worker';
import { runBulkBatch } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';

export function bulkCreateLinksTask(container: Container): Task {
  return async (payload) => {
    const { organizationId, batchId } = payload as { organizationId: string; batchId: string };
    await runBulkBatch(
      { organizationId, batchId, actor: { type: 'system', name: 'bulk-send' } },
      container.bulkDeps(),
    );
  };
}
