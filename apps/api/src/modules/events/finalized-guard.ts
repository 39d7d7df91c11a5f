// Refuses changes to finalized tasks. A plain function on the caller's transaction manager, so
// the import (events module) and the jury decisions check inside the transaction of the change.
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';

/** Refuses a change to a finalized task (rescore, disqualification, re-import). */
export async function assertNotFinalized(manager: EntityManager, taskIds: number[], what: string): Promise<void> {
  if (taskIds.length === 0) return;
  const locked: { slug: string; finalized_by: string }[] = await manager.query('SELECT slug, finalized_by FROM task WHERE id = ANY($1::int[]) AND finalized_at IS NOT NULL ORDER BY position, id', [taskIds]);
  if (locked.length > 0) {
    throw new DomainError(
      'task-finalized',
      409,
      'Task finalized',
      `Task${locked.length > 1 ? 's' : ''} ${locked.map((t) => `"${t.slug}"`).join(', ')} ${locked.length > 1 ? 'are' : 'is'} finalized (by ${locked[0]!.finalized_by}): an organiser must un-finalize before ${what}.`,
    );
  }
}
