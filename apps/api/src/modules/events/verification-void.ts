// Voids the standing verifications of tasks whose ranking may have changed. A plain function on
// the caller's transaction manager, so the import (events module) and the jury decisions void
// in the same transaction as the change itself.
import type { EntityManager } from 'typeorm';

export async function voidVerifications(manager: EntityManager, taskIds: number[], reason: string, at: Date): Promise<void> {
  if (taskIds.length === 0) return;
  await manager.query('UPDATE task_verification SET voided_at = $2, voided_reason = $3 WHERE task_id = ANY($1::int[]) AND voided_at IS NULL', [taskIds, at, reason.slice(0, 1100)]);
}
