// The append-only audit trail. Inserts only: the table's triggers refuse updates and deletes.
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Actor, AuditEntry, AuditLog } from '@clinicpay/domain';

function actorId(actor: Actor): string | null {
  switch (actor.type) {
    case 'user':
      return actor.userId;
    case 'api_key':
      return actor.apiKeyId;
    case 'system':
      return actor.name;
    case 'webhook':
      return actor.provider;
  }
}

export class PgAuditLog implements AuditLog {
  private readonly em: EntityManager;
  constructor(em: EntityManager) {
    this.em = em;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.em.execute(
      `insert into audit_log (id, organization_id, actor_type, actor_id, action, entity_type, entity_id, request_id, data, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)`,
      [
        randomUUID(),
        entry.organizationId,
        entry.actor.type,
        actorId(entry.actor),
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.requestId,
        JSON.stringify(entry.data ?? {}),
        entry.occurredAt,
      ],
      'run',
    );
  }
}
