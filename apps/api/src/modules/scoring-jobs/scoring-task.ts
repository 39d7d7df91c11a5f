// The CPU part of scoring one submission, as a plain function: parse the answer key (cached by
// content hash), parse the team's file against the task's spec, compute every score on every
// split. It runs inside a worker thread (scoring.worker.ts) and directly in unit tests.
import * as zlib from 'node:zlib';
import type { Problem } from '@podium/contracts';
import {
  type AnswerKey,
  answerKeyKind,
  type AnswerKeyKind,
  combineMaskShards,
  createZlibInflater,
  type MaskShard,
  type MaskShardOutcome,
  type MaskShardValues,
  overlapCounts,
  parseAnswerKey,
  parseSubmission,
  scoreMaskShard,
  scoreSubmission,
  type SubmissionResult,
  type SubmissionSpec,
  type TaskScoringSpec,
} from '@podium/scoring';

/** The answer key of a task, by content: the same hashes always mean the same parsed key. */
export interface AnswerKeyRef {
  csvSha256: string;
  masksSha256: string | null;
}

export interface AnswerKeyFiles {
  csv: Uint8Array;
  masksZip: Uint8Array | null;
}

export interface ScoringRequest {
  spec: TaskScoringSpec;
  key: AnswerKeyRef;
  /** Sent only when the worker does not hold this key yet (see `ScoringPool`). */
  keyFiles?: AnswerKeyFiles;
  fileName: string;
  bytes: Uint8Array;
}

export type ScoringOutcome =
  | { kind: 'scored'; result: SubmissionResult; warnings: Problem[] }
  | { kind: 'rejected'; problems: Problem[] }
  /** The worker lacks the key: the caller resends the request with `keyFiles`. */
  | { kind: 'need_key' }
  /** The organiser's key does not parse: our side (the task), never the team's fault. */
  | { kind: 'failed'; error: string };

const inflate = createZlibInflater(zlib);
/** Parsed keys a worker keeps (a 500-mask key is ~130 MB decoded); the warmer wants no more. */
export const KEY_CACHE_SIZE = 8;

export const answerKeyId = (ref: AnswerKeyRef): string => `${ref.csvSha256}:${ref.masksSha256 ?? '-'}`;

/** Parsed answer keys by `answerKeyId`, least recently used evicted first. */
export class AnswerKeyCache {
  private readonly keys = new Map<string, AnswerKey>();

  get(ref: AnswerKeyRef): AnswerKey | undefined {
    const id = answerKeyId(ref);
    const key = this.keys.get(id);
    if (key) {
      this.keys.delete(id);
      this.keys.set(id, key);
    }
    return key;
  }

  load(ref: AnswerKeyRef, files: AnswerKeyFiles, kind: AnswerKeyKind): { key?: AnswerKey; problems: Problem[] } {
    const parsed = parseAnswerKey(
      { csv: files.csv, csvName: 'answer-key.csv', ...(files.masksZip ? { masksZip: files.masksZip, masksName: 'answer-masks.zip' } : {}) },
      { inflate, kind },
    );
    if (parsed.key) {
      this.keys.set(answerKeyId(ref), parsed.key);
      while (this.keys.size > KEY_CACHE_SIZE) this.keys.delete(this.keys.keys().next().value!);
    }
    return parsed;
  }
}

/** A key to parse ahead of the submissions that need it (see `ScoringPool.warm`). */
export interface PreloadRequest {
  key: AnswerKeyRef;
  kind: AnswerKeyKind;
  files: AnswerKeyFiles;
  /** The task's masks (format and rules), when it takes masks: the worker then rehearses one. */
  masks?: MaskSpec;
}

export type MaskSpec = NonNullable<SubmissionSpec['masks']>;

export type PreloadOutcome = { kind: 'loaded'; masksRehearsed: number } | { kind: 'failed'; error: string };

const keyFailure = (problems: Problem[]) => `answer key does not parse: ${problems.map((p) => p.message).slice(0, 3).join('; ')}`;

/** Parses a key into the cache before any submission asks for it (a no-op when it is there). */
export function preloadKey(request: PreloadRequest, cache: AnswerKeyCache): PreloadOutcome {
  if (cache.get(request.key)) return { kind: 'loaded', masksRehearsed: 0 };
  const loaded = cache.load(request.key, request.files, request.kind);
  if (!loaded.key) return { kind: 'failed', error: keyFailure(loaded.problems) };
  const masksRehearsed = request.masks && request.files.masksZip ? rehearseMasks(loaded.key, request.files.masksZip, request.masks) : 0;
  return { kind: 'loaded', masksRehearsed };
}

/**
 * Parses the key's own masks as a submission of the task's format and runs the overlap kernel on
 * them, when the key is loaded: the first team's zip then runs on compiled code and on memory
 * this thread already holds. Without it the first 500-mask zip after a start took 2-3x the time
 * of the next ones (bench:submissions, cold vs warm). Twice: the first pass's masks live in fresh
 * pages that go back to the system when they are freed, so after one pass the first zip still
 * paid for new memory (its shards' parse 180-240 ms against 75-120 ms for the next zips; a second
 * pass, or merely allocating and touching the same 128 MB, brought it to 80-165 ms). On the pools
 * alone, 11 alternating runs: first zip median 303 ms after one pass, 247 ms after two.
 */
function rehearseMasks(key: AnswerKey, masksZip: Uint8Array, masks: MaskSpec): number {
  let rehearsed = 0;
  for (let pass = 0; pass < 2; pass++) {
    const parsed = parseSubmission({ bytes: masksZip, fileName: 'answer-masks.zip' }, { masks: { ...masks, partial: true } }, key, {}, { inflate });
    rehearsed = 0;
    parsed.submission?.masks?.forEach((mask, k) => {
      const truth = key.masks?.[k];
      if (!mask || !truth) return;
      overlapCounts(mask.data, truth.data);
      rehearsed++;
    });
  }
  return rehearsed;
}

export function runScoring(request: ScoringRequest, cache: AnswerKeyCache): ScoringOutcome {
  let key = cache.get(request.key);
  if (!key) {
    if (!request.keyFiles) return { kind: 'need_key' };
    const loaded = cache.load(request.key, request.keyFiles, answerKeyKind(request.spec.submission));
    if (!loaded.key) return { kind: 'failed', error: keyFailure(loaded.problems) };
    key = loaded.key;
  }
  const parsed = parseSubmission({ bytes: request.bytes, fileName: request.fileName }, request.spec.submission, key, {}, { inflate });
  if (!parsed.submission) return { kind: 'rejected', problems: parsed.problems };
  const result = scoreSubmission(request.spec, key, parsed.submission);
  return { kind: 'scored', result, warnings: parsed.submission.warnings ?? [] };
}

/** One share of a large mask zip, decoded and scored per case by one worker (see `ScoringPool`). */
export interface ShardRequest extends Omit<ScoringRequest, 'keyFiles'> {
  shard: MaskShard;
}

/** `need_key`: this worker lost the key (an eviction); the job is then scored whole. */
export type ShardOutcome = MaskShardOutcome | { kind: 'need_key' };

export function runShard(request: ShardRequest, cache: AnswerKeyCache): ShardOutcome {
  const key = cache.get(request.key);
  if (!key) return { kind: 'need_key' };
  return scoreMaskShard(request.spec, key, { bytes: request.bytes, fileName: request.fileName }, request.shard, { inflate });
}

/** The shards' values of one submission, to combine into its result. */
export interface CombineRequest {
  spec: TaskScoringSpec;
  key: AnswerKeyRef;
  shards: MaskShardValues[];
}

/** The submission's result from its shards, or `whole` when only the whole file can give it. */
export function runCombine(request: CombineRequest, cache: AnswerKeyCache): ScoringOutcome | { kind: 'whole' } {
  const key = cache.get(request.key);
  const result = key ? combineMaskShards(request.spec, key, request.shards) : null;
  // Shards score only files without a problem or a warning (see `scoreMaskShard`).
  return result ? { kind: 'scored', result, warnings: [] } : { kind: 'whole' };
}
