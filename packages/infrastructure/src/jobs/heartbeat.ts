// The worker's heartbeat: a row /readyz reads to tell whether background jobs are running.
import type { EntityManager } from '@mikro-orm/postgresql';

export const HEARTBEAT_NAME = 'worker';

export async function recordHeartbeat(
  em: EntityManager,
  now: Date,
  details: Record<string, unknown>,
): Promise<void> {
  await em.execute(
    `insert into system_heartbeats (name, last_beat_at, details) values (?, ?, ?::jsonb)
     on conflict (name) do update set last_beat_at = excluded.last_beat_at, details = excluded.details`,
    [HEARTBEAT_NAME, now, JSON.stringify(details)],
    'run',
  );
}

export async function lastHeartbeat(em: EntityManager): Promise<Date | null> {
  const rows = await em.execute<Array<{ last_beat_at: Date }>>(
    'select last_beat_at from system_heartbeats where name = ?',
    [HEARTBEAT_NAME],
  );
  return rows[0] ? new Date(rows[0].last_beat_at) : null;
}
