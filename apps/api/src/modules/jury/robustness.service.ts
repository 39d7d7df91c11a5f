// Statistical ties (issue 14): a seeded bootstrap of a task's final ranking. The final board is
// the jury's board on the task's final split (`visibleLeaderboard`, as GET .../board); each ranked
// team's representing submission is rescored on resamples of the final split's cases in a
// worker thread (robustness-task.ts), and the answer is mapped to slugs here. Results depend only
// on the files, the key, the rules and the parameters, so the last few are kept in memory.
import { Injectable } from '@nestjs/common';
import { ROBUSTNESS_LIMITS, type Problem, type RobustnessInterval, type RobustnessResponse, type RobustnessTeam } from '@podium/contracts';
import { JURY, type BootstrapInterval, primaryScore as primaryOf, visibleLeaderboard } from '@podium/rules';
import type { TaskScoringSpec } from '@podium/scoring';
import { DataSource, In } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { BlobRepository } from '../blobs/blob.repository.js';
import { Clock } from '../../common/clock/clock.service.js';
import { RoundTruthRepository } from '../leaderboard/round-truth.repository.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { JuryViewService } from './jury-view.service.js';
import { sharedRobustnessRunner } from './robustness-runner.js';
import type { RobustnessOutcome, RobustnessRequest } from './robustness-task.js';

export interface RobustnessParams {
  resamples: number;
  seed: number;
  threshold: number;
}

const invalid = (name: string, message: string, found: string): DomainError =>
  new DomainError('invalid-request', 422, 'Invalid query', message, [{ code: `query.${name}`, path: name, message, found: found.slice(0, 40) }]);

/** One value per parameter: a repeated one (`?seed=1&seed=2`, an array to Express) is invalid. */
const single = (raw: unknown): string | undefined => (raw === undefined ? undefined : typeof raw === 'string' ? raw : `${String(raw)} (repeated)`);

function integerParam(name: 'resamples' | 'seed', given: unknown): number {
  const { min, max, default: fallback } = ROBUSTNESS_LIMITS[name];
  const raw = single(given);
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw invalid(name, `${name} must be an integer from ${min} to ${max}${name === 'seed' ? '' : ` (default ${fallback})`}.`, raw);
  return value;
}

/** `?resamples=&seed=&threshold=`: defaults when absent, `422` naming the parameter and its range otherwise. */
export function parseRobustnessQuery(query: { resamples?: unknown; seed?: unknown; threshold?: unknown }): RobustnessParams {
  const { min, max, default: fallback } = ROBUSTNESS_LIMITS.threshold;
  const raw = single(query.threshold);
  let threshold: number = fallback;
  if (raw !== undefined && raw !== '') {
    threshold = /^(0|1)?(\.\d{1,6})?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(threshold > min && threshold <= max)) throw invalid('threshold', `threshold must be a decimal number above ${min} and at most ${max}, e.g. 0.95 (the default).`, raw);
  }
  return { resamples: integerParam('resamples', query.resamples), seed: integerParam('seed', query.seed), threshold };
}

const CACHE_SIZE = 8;

const interval = (i: BootstrapInterval): RobustnessInterval => ({ low: i.low, high: i.high });

@Injectable()
export class RobustnessService {
  private readonly runner = sharedRobustnessRunner();
  /** Finished or running bootstraps by fingerprint, least recently asked first out. */
  private readonly cache = new Map<string, Promise<{ outcome: RobustnessOutcome; at: string }>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly truths: RoundTruthRepository,
    private readonly views: JuryViewService,
    private readonly blobs: BlobRepository,
    private readonly clock: Clock,
  ) {}

  async robustness(eventSlug: string, taskSlug: string, params: RobustnessParams): Promise<RobustnessResponse> {
    const ref = await this.views.task(eventSlug, taskSlug);
    const truth = await this.truths.load(ref);
    const split = truth.task.finalSplit ?? 'private';
    const now = this.clock.now();
    const board = visibleLeaderboard(truth, JURY, now, { split });
    const ranked = board.rows.filter((r) => r.rank !== null && r.bestSubmissionId !== null);
    const { task } = ref;
    const scoring = { scores: truth.task.scores, ...(truth.task.ranking ? { ranking: truth.task.ranking } : {}) };
    const primaryScore = primaryOf(scoring)?.name ?? '';
    const base = { event: eventSlug, task: taskSlug, split, ...params, top: ROBUSTNESS_LIMITS.top, primaryScore };
    if (ranked.length === 0) return { ...base, cases: 0, teams: [], neighbours: [], tiedGroups: [], computedAt: now.toISOString(), durationMs: 0 };

    const entities = await this.dataSource.getRepository(SubmissionEntity).find({ where: { id: In(ranked.map((r) => Number(r.bestSubmissionId))) } });
    const byId = new Map(entities.map((e) => [String(e.id), e]));
    const files = ranked.map((r) => {
      const e = byId.get(r.bestSubmissionId!)!;
      return { teamId: r.teamId, submission: String(e.id), fileName: e.fileName, sha256: e.sha256 };
    });
    const spec: TaskScoringSpec = { submission: task.submissionSpec, scores: task.scores, ...(task.ranking ? { ranking: task.ranking } : {}) };
    const key = { csvSha256: task.answerKeySha256, masksSha256: task.answerMasksSha256 };
    const fingerprint = JSON.stringify([spec, scoring, key, split, params, files.map((f) => [f.teamId, f.sha256, f.fileName])]);

    let outcome = this.cache.get(fingerprint);
    if (outcome) this.cache.delete(fingerprint);
    else {
      const request = async (): Promise<RobustnessRequest> => {
        const blob = async (sha: string, what: string) => {
          const bytes = await this.blobs.get(sha);
          if (!bytes) throw unavailable(`The stored ${what} (sha256 ${sha}) is missing.`);
          return bytes;
        };
        return {
          spec,
          scoring,
          key,
          keyFiles: { csv: await blob(key.csvSha256, 'answer key'), masksZip: key.masksSha256 ? await blob(key.masksSha256, 'answer masks') : null },
          split,
          teams: await Promise.all(files.map(async (f) => ({ teamId: f.teamId, fileName: f.fileName, bytes: await blob(f.sha256, `file of submission ${f.submission}`) }))),
          ...params,
          top: ROBUSTNESS_LIMITS.top,
        };
      };
      const at = now.toISOString();
      outcome = request()
        .then((r) => this.runner.run(r))
        .then((o) => ({ outcome: o, at }));
      // A failure is not kept: the next request tries again.
      outcome.catch(() => this.cache.delete(fingerprint));
    }
    this.cache.set(fingerprint, outcome);
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);

    const { outcome: done, at: computedAt } = await outcome;
    if (done.kind === 'failed') {
      this.cache.delete(fingerprint);
      throw unavailable(done.error);
    }
    const { result } = done;
    const slugOf = new Map(ranked.map((r) => [r.teamId, r.team.slug]));
    const summaryOf = new Map(result.teams.map((t) => [t.teamId, t]));
    const teams: RobustnessTeam[] = ranked.map((row, i) => {
      const s = summaryOf.get(row.teamId)!;
      return {
        team: { ...row.team },
        rank: row.rank!,
        score: row.scores[primaryScore] ?? null,
        interval: interval(s.scores[primaryScore] ?? { low: null, high: null }),
        scores: Object.fromEntries(truth.task.scores.map((c) => [c.name, { value: row.scores[c.name] ?? null, interval: interval(s.scores[c.name] ?? { low: null, high: null }) }])),
        points: s.points ? { value: row.points, interval: interval(s.points) } : null,
        ranks: s.ranks,
        undefinedResamples: s.undefinedResamples,
        submission: files[i]!.submission,
      };
    });
    return {
      ...base,
      cases: done.cases,
      computedAt,
      teams,
      neighbours: result.neighbours.map((n) => ({ upper: slugOf.get(n.upper)!, lower: slugOf.get(n.lower)!, orderHolds: n.orderHolds, tied: n.orderHolds < params.threshold })),
      tiedGroups: result.tiedGroups.map((g) => g.map((id) => slugOf.get(id)!)),
      durationMs: done.durationMs,
    };
  }
}

function unavailable(detail: string): DomainError {
  const problem: Problem = { code: 'robustness.unavailable', message: detail };
  return new DomainError('robustness-unavailable', 409, 'Bootstrap unavailable', detail, [problem]);
}
