// Jury rescore: every settled submission of a task (or one of them) is scored again from its
// stored file against the task's current answer key (e.g. after a corrected bundle was
// re-imported), in the scoring worker pool. A preview computes the boards before and after and
// lists every rank that would move; applying writes the new results in one transaction with its
// audit entry, then refreshes the boards (screens and teams get their frames as usual).
import { Injectable } from '@nestjs/common';
import { JURY_SPLITS, type RankChange, type RescoreResponse, type ScoreChange, type SplitScores } from '@podium/contracts';
import type { RoundSubmission, RoundTruth } from '@podium/rules';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { FeedService } from '../feed/feed.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { LeaderboardRefresher } from '../leaderboard/leaderboard-refresher.js';
import { RoundTruthRepository } from '../leaderboard/round-truth.repository.js';
import { ScoringJobService } from '../scoring-jobs/scoring-job.service.js';
import { type Settlement, settlementRows } from '../scoring-jobs/scoring-results.repository.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { JuryActionsService } from './jury-actions.service.js';
import type { JuryPrincipal } from './jury-auth.service.js';
import { conflict, parseJuryBody } from './jury-request.js';
import { assertNotFinalized } from '../events/finalized-guard.js';
import { voidVerifications } from '../events/verification-void.js';
import { ranksOf, splitBoards, JuryViewService } from './jury-view.service.js';

interface Recomputed {
  entity: SubmissionEntity;
  settlement: Settlement;
  before: SplitScores | null;
  after: SplitScores | null;
  changed: boolean;
}

function settlementScores(s: Settlement): SplitScores | null {
  if (s.status !== 'scored') return null;
  const out: SplitScores = { public: {}, private: {}, all: {} };
  for (const [name, v] of Object.entries(s.result.scores)) {
    out.public[name] = v.public;
    out.private[name] = v.private;
    out.all[name] = v.all;
  }
  return out;
}

function roundScores(scores: SplitScores | null): RoundSubmission['scores'] {
  if (!scores) return null;
  return Object.fromEntries(Object.keys(scores.public).map((name) => [name, { public: scores.public[name] ?? null, private: scores.private[name] ?? null, all: scores.all[name] ?? null }]));
}

@Injectable()
export class RescoreService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringJobService,
    private readonly truths: RoundTruthRepository,
    private readonly views: JuryViewService,
    private readonly actions: JuryActionsService,
    private readonly audit: AuditRepository,
    private readonly feed: FeedService,
    private readonly refresher: LeaderboardRefresher,
    private readonly clock: Clock,
  ) {}

  async rescore(jury: JuryPrincipal, taskSlug: string, body: unknown): Promise<RescoreResponse> {
    const request = parseJuryBody('rescore', body);
    const ref = await this.views.task(jury.event, taskSlug);
    const preview = request.preview ?? false;
    if (!preview) await assertNotFinalized(this.dataSource.manager, [ref.task.id], 'rescoring it');
    const where = request.submission ? { taskId: ref.task.id, id: Number(request.submission) } : { taskId: ref.task.id };
    const entities = await this.dataSource.getRepository(SubmissionEntity).find({ where, order: { receivedAt: 'ASC', id: 'ASC' } });
    if (request.submission && entities.length === 0) {
      throw new DomainError('submission-not-found', 404, 'Submission not found', `No submission "${request.submission}" in task "${taskSlug}".`);
    }
    const busy = entities.filter((e) => e.status === 'queued' || e.status === 'scoring');
    if (busy.length > 0) {
      throw conflict(`${busy.length} submission(s) of task "${taskSlug}" are still ${busy[0]!.status} (e.g. ${busy[0]!.id}); rescore once they are settled.`);
    }

    const scoreRows: { submission_id: number; name: string; public: number | null; private: number | null; all: number | null }[] = await this.dataSource.query(
      'SELECT submission_id, name, public, private, "all" FROM score WHERE submission_id = ANY($1::int[])',
      [entities.map((e) => e.id)],
    );
    const recomputed: Recomputed[] = [];
    for (const entity of entities) {
      const settlement = await this.scoring.compute(entity, ref);
      const rows = scoreRows.filter((r) => r.submission_id === entity.id);
      const before: SplitScores | null =
        entity.status === 'scored'
          ? {
              public: Object.fromEntries(rows.map((r) => [r.name, r.public])),
              private: Object.fromEntries(rows.map((r) => [r.name, r.private])),
              all: Object.fromEntries(rows.map((r) => [r.name, r.all])),
            }
          : null;
      const after = settlementScores(settlement);
      const changed = settlement.status !== entity.status || JSON.stringify(before) !== JSON.stringify(after);
      recomputed.push({ entity, settlement, before, after, changed });
    }

    const now = this.clock.now();
    const truth = await this.truths.load(ref);
    const next: RoundTruth = {
      ...truth,
      submissions: truth.submissions.map((s) => {
        const r = recomputed.find((x) => String(x.entity.id) === s.id);
        return r && r.changed ? { ...s, status: r.settlement.status, scores: roundScores(r.after) } : s;
      }),
    };
    const before = ranksOf(splitBoards(truth, now));
    const after = ranksOf(splitBoards(next, now));
    const changes: RankChange[] = [];
    for (const team of new Set([...before.keys(), ...after.keys()])) {
      for (const split of JURY_SPLITS) {
        const from = before.get(team)?.[split] ?? null;
        const to = after.get(team)?.[split] ?? null;
        if (from !== to) changes.push({ team, split, from, to });
      }
    }
    const scoreChanges: ScoreChange[] = recomputed
      .filter((r) => r.changed)
      .map((r) => ({ submission: String(r.entity.id), team: r.entity.team?.slug ?? '', before: r.before, after: r.after, status: r.settlement.status }));
    const teams = new Map<number, string>((await this.dataSource.query('SELECT id, slug FROM team WHERE event_id = $1', [jury.eventId]) as { id: number; slug: string }[]).map((t) => [t.id, t.slug]));
    for (const c of scoreChanges) c.team = teams.get(recomputed.find((r) => String(r.entity.id) === c.submission)!.entity.teamId) ?? '';

    const response: RescoreResponse = { preview, task: taskSlug, rescored: recomputed.length, scoreChanges, changes, audit: null };
    if (preview) return response;

    const { entry, feed } = await this.dataSource.transaction(async (manager) => {
      for (const r of recomputed.filter((x) => x.changed)) {
        const s = r.settlement;
        const rows = settlementRows(s);
        await manager.query(
          'UPDATE submission SET status = $2, problems = $3::jsonb, error = $4, rescored_at = $5, scored_at = coalesce(scored_at, $5) WHERE id = $1',
          [r.entity.id, s.status, rows.problems, rows.error, now],
        );
        await manager.query('DELETE FROM score WHERE submission_id = $1', [r.entity.id]);
        await manager.query('DELETE FROM case_values WHERE submission_id = $1', [r.entity.id]);
        if (rows.scores.length > 0) {
          await manager.query(
            `INSERT INTO score (submission_id, name, public, private, "all")
             SELECT $1, x.name, x.public, x.private, x."all" FROM jsonb_to_recordset($2::jsonb) AS x(name varchar, public float8, private float8, "all" float8)`,
            [r.entity.id, JSON.stringify(rows.scores)],
          );
        }
        if (rows.cases.length > 0) await manager.query('INSERT INTO case_values (submission_id, cases) VALUES ($1, $2::jsonb)', [r.entity.id, JSON.stringify(rows.cases)]);
      }
      await assertNotFinalized(manager, [ref.task.id], 'rescoring it');
      await voidVerifications(manager, [ref.task.id], `${request.submission ? `submission.rescore ${request.submission}` : 'task.rescore'}: ${request.reason}`, now);
      return this.audit.append(
        {
          event: jury.event,
          actor: `jury:${jury.login}`,
          action: request.submission ? 'submission.rescore' : 'task.rescore',
          target: request.submission ? `event:${jury.event}/submission:${request.submission}` : `event:${jury.event}/task:${taskSlug}`,
          reason: request.reason,
          details: {
            task: taskSlug,
            rescored: recomputed.length,
            changed: scoreChanges.map((c) => c.submission),
            rankChanges: changes.length,
            answerKeySha256: ref.task.answerKeySha256,
          },
          at: now,
        },
        manager,
      );
    });
    this.feed.publish([feed]);
    this.truths.forget(ref.task.id);
    await this.refresher.request(ref.task.id);
    await this.actions.pushJury(jury, { kind: 'board', board: await this.views.board(jury.event, taskSlug) });
    return { ...response, audit: entry.seq };
  }
}
