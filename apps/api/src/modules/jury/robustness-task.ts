// The CPU part of the statistical-ties bootstrap, as a plain function: parse the answer key and
// each ranked team's representing submission once (the scorer's own parsers), then resample the
// final split's cases and rank (`@podium/rules` bootstrapRanking with `@podium/scoring`'s case
// resampler, the same metric code as the scorer). Runs in a worker thread (robustness.worker.ts)
// and directly in tests. The resamples come from a seeded generator: same seed, same numbers.
import * as zlib from 'node:zlib';
import { bootstrapRanking, type BootstrapResult, type ScoreSplit, type TaskScoring } from '@podium/rules';
import { answerKeyKind, createCaseResampler, createRng, createZlibInflater, parseSubmission, type TaskScoringSpec } from '@podium/scoring';
import { AnswerKeyCache, type AnswerKeyFiles, type AnswerKeyRef } from '../scoring-jobs/scoring-task.js';

export interface RobustnessRequest {
  spec: TaskScoringSpec;
  /** Directions and ranking rule, as the boards rank. */
  scoring: Pick<TaskScoring, 'scores' | 'ranking'>;
  key: AnswerKeyRef;
  keyFiles: AnswerKeyFiles;
  split: ScoreSplit;
  /** Ranked teams in the final board's order, each with its representing submission's file. */
  teams: { teamId: string; fileName: string; bytes: Uint8Array }[];
  resamples: number;
  seed: number;
  threshold: number;
  top: number;
}

export type RobustnessOutcome =
  | { kind: 'done'; result: BootstrapResult; cases: number; durationMs: number }
  /** Something on our side does not parse any more (key or a stored file): a message for the jury. */
  | { kind: 'failed'; error: string };

const inflate = createZlibInflater(zlib);

/** The generator's stream name: another use of the same seed elsewhere draws other numbers. */
export const ROBUSTNESS_STREAM = 'jury.robustness';

export function runRobustness(request: RobustnessRequest, cache: AnswerKeyCache): RobustnessOutcome {
  const started = performance.now();
  let key = cache.get(request.key);
  if (!key) {
    const loaded = cache.load(request.key, request.keyFiles, answerKeyKind(request.spec.submission));
    if (!loaded.key) return { kind: 'failed', error: `The answer key does not parse: ${loaded.problems.map((p) => p.message).slice(0, 3).join('; ')}` };
    key = loaded.key;
  }
  const cases = Uint32Array.from(key.split.flatMap((s, i) => (request.split === 'all' || s === request.split ? [i] : [])));
  const teams = [];
  for (const team of request.teams) {
    const parsed = parseSubmission({ bytes: team.bytes, fileName: team.fileName }, request.spec.submission, key, {}, { inflate });
    if (!parsed.submission) {
      return { kind: 'failed', error: `The counted submission of team ${team.teamId} no longer parses against the answer key (${parsed.problems[0]?.message ?? 'no detail'}); rescore the task.` };
    }
    const resampler = createCaseResampler(request.spec, key, parsed.submission, cases);
    teams.push({ teamId: team.teamId, score: (indices: Uint32Array) => resampler.score(indices) });
  }
  const result = bootstrapRanking({
    scoring: request.scoring,
    teams,
    cases,
    resamples: request.resamples,
    random: createRng(request.seed, ROBUSTNESS_STREAM),
    top: request.top,
    threshold: request.threshold,
  });
  return { kind: 'done', result, cases: cases.length, durationMs: Math.round(performance.now() - started) };
}
