// Database side of a scoring job. Each step is guarded so that a job run twice (a crash and a
// restart, two queue workers, a redelivered message) never settles a submission twice:
// - `claim` moves queued|scoring -> scoring and bumps `attempt` (the job's fencing token);
// - `settle` writes only while the row is still `scoring` at that attempt, and the score and
//   per-case values are upserts on their unique keys.
import { Injectable } from '@nestjs/common';
import type { Problem } from '@podium/contracts';
import type { SubmissionResult } from '@podium/scoring';
import { DataSource, type EntityManager } from 'typeorm';
import type { SubmissionStatus } from '@podium/rules';
import type { StatementPlanner } from '../../database/data-source.factory.js';
import { caseValuesOf } from '../submissions/case-values.entity.js';

export interface ClaimedSubmission {
  id: number;
  taskId: number;
  teamId: number;
  sha256: string;
  fileName: string;
  attempt: number;
  receivedAt: Date;
}

export type Settlement =
  | { status: 'scored'; result: SubmissionResult; warnings: Problem[] }
  | { status: 'rejected'; problems: Problem[] }
  | { status: 'failed'; error: string };

/**
 * What a settlement writes, shared by the settle and the jury's rescore: the submission's
 * problems (a rejection's, or a scored file's warnings) and error as stored, its scores, and its
 * per-case values (only cases that have one: AUC has none, MSE and Dice one per case).
 */
export function settlementRows(settlement: Settlement) {
  const result = settlement.status === 'scored' ? settlement.result : null;
  const problems = settlement.status === 'rejected' ? settlement.problems : settlement.status === 'scored' && settlement.warnings.length > 0 ? settlement.warnings : null;
  return {
    problems: problems === null ? null : JSON.stringify(problems),
    error: settlement.status === 'failed' ? settlement.error : null,
    scores: result ? Object.entries(result.scores).map(([name, s]) => ({ name, public: s.public, private: s.private, all: s.all })) : [],
    cases: result ? caseValuesOf(result) : [],
  };
}

interface ClaimRow {
  id: number;
  task_id: number;
  team_id: number;
  sha256: string;
  file_name: string;
  attempt: number;
  received_at: Date;
}

/** node-postgres answers `[rows, rowCount]` for UPDATE ... RETURNING; PGlite answers the rows. */
function returnedRows<T>(raw: unknown): T[] {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') return raw[0] as T[];
  return Array.isArray(raw) ? (raw as T[]) : [];
}

const CLAIM = `UPDATE submission SET status = 'scoring', attempt = attempt + 1
        WHERE id = $1 AND status IN ('queued', 'scoring')
        RETURNING id, task_id, team_id, sha256, file_name, attempt, received_at`;

/** See `settle`. */
const SETTLE = `WITH settled AS (
         UPDATE submission SET status = $2, problems = $3::jsonb, error = $4, scored_at = $5
          WHERE id = $1 AND status = 'scoring' AND attempt = $6
          RETURNING id
       ), scores AS (
         INSERT INTO score (submission_id, name, public, private, "all")
         SELECT settled.id, x.name, x.public, x.private, x."all"
           FROM settled, jsonb_to_recordset($7::jsonb) AS x(name varchar, public float8, private float8, "all" float8)
         ON CONFLICT (submission_id, name) DO UPDATE SET public = EXCLUDED.public, private = EXCLUDED.private, "all" = EXCLUDED."all"
       ), cases AS (
         INSERT INTO case_values (submission_id, cases)
         SELECT settled.id, $8::jsonb FROM settled WHERE jsonb_array_length($8::jsonb) > 0
         ON CONFLICT (submission_id) DO UPDATE SET cases = EXCLUDED.cases
       )
       SELECT id FROM settled`;

@Injectable()
export class ScoringResultsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async claim(submissionId: number): Promise<ClaimedSubmission | null> {
    const raw: unknown = await this.dataSource.query(CLAIM, [submissionId]);
    const row = returnedRows<ClaimRow>(raw)[0];
    if (!row) return null;
    return {
      id: row.id,
      taskId: row.task_id,
      teamId: row.team_id,
      sha256: row.sha256,
      fileName: row.file_name,
      attempt: row.attempt,
      receivedAt: new Date(row.received_at),
    };
  }

  /**
   * Writes the outcome; false when another run already settled or re-claimed the submission.
   * One statement: the status update guarded by the fencing token, and only if it matched, the
   * scores and per-case values as upserts (data-modifying CTEs all run or none does).
   */
  async settle(manager: EntityManager, claimed: ClaimedSubmission, settlement: Settlement, at: Date): Promise<boolean> {
    const status: SubmissionStatus = settlement.status;
    const rows = settlementRows(settlement);
    const raw: unknown = await manager.query(
      SETTLE,
      [
        claimed.id,
        status,
        rows.problems,
        rows.error,
        at,
        claimed.attempt,
        JSON.stringify(rows.scores),
        JSON.stringify(rows.cases),
      ],
    );
    return returnedRows(raw).length > 0;
  }

  /** Acknowledged but not settled: what a start-up resumes, oldest first. */
  async unfinished(): Promise<{ id: number; teamId: number }[]> {
    const rows: { id: number; team_id: number }[] = await this.dataSource.query(
      `SELECT id, team_id FROM submission WHERE status IN ('queued', 'scoring') ORDER BY received_at, id`,
    );
    return rows.map((r) => ({ id: r.id, teamId: r.team_id }));
  }

  /** Queued (no job has claimed them) since before `before`: jobs that may never have reached the queue. */
  async queuedBefore(before: Date, limit = 200): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT id FROM submission WHERE status = 'queued' AND received_at < $1 ORDER BY received_at, id LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Plans `claim` and `settle` without running them (start-up warm-up: see IntakeWarmup). */
  async planWrites(plan: StatementPlanner): Promise<void> {
    await plan(CLAIM, [0]);
    await plan(SETTLE, [0, 'scored', null, null, new Date(0), 0, '[]', '[]']);
  }

  async taskIds(): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query('SELECT id FROM task ORDER BY id');
    return rows.map((r) => r.id);
  }
}
