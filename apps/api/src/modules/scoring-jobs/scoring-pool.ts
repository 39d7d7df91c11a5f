// A fixed pool of worker threads that run `runScoring`, so parsing and metrics (a 500-mask zip
// takes seconds of CPU) never block the API's event loop. Jobs wait in a FIFO when every worker is
// busy. A worker that dies fails its current job and is replaced.
// Answer keys are parsed ahead of submissions (`warm`): every worker, including one that replaces
// a dead one, parses the keys of open and upcoming tasks before it takes another job, so the first
// submission of a task costs what the hundredth does. A key missing anyway (a closed task's
// rescore, an eviction) is still loaded on demand, and counted (`keysLoadedOnRequest`).
// A large mask zip that arrives while other workers idle is split across them (`runSplit`): each
// decodes and scores its share of the masks, one combines the values (0.73-0.90x the time of one
// worker on the 2-vCPU bench box; a job arriving meanwhile waits for the split to end). A file the
// shards cannot vouch for is scored whole.
// Once every worker holds a mask key, the workers score the key's own masks zip together, split
// as a team's zip would be (`rehearseSplit`): the first team's zip then finds the split path
// compiled and its memory in place, in every worker at once.
// A file can start scoring while its upload is still being committed (`startEarly`), when every
// worker idles: the job that the commit queues takes that outcome instead of scoring again.
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { type AnswerKeyKind, maskShardable, type MaskShardValues, type TaskScoringSpec } from '@podium/scoring';
import { workerEntry } from '../../common/workers/worker-entry.js';
import {
  answerKeyId,
  type AnswerKeyFiles,
  type AnswerKeyRef,
  type MaskSpec,
  KEY_CACHE_SIZE,
  type PreloadOutcome,
  type ScoringOutcome,
  type ScoringRequest,
  type ShardOutcome,
} from './scoring-task.js';
import type { ScoringWorkerBody, ScoringWorkerMessage } from './scoring.worker.js';

export type ScoringPoolRequest = Omit<ScoringRequest, 'keyFiles'>;

/** An answer key to hold in every worker before its task's submissions arrive. */
export interface WarmKey {
  ref: AnswerKeyRef;
  kind: AnswerKeyKind;
  /** The task's masks, when it takes masks (the worker rehearses a submission of them). */
  masks?: MaskSpec;
  /** The task cut down to its masks (`maskRehearsalSpec`), when its zips are split: the workers rehearse a split. */
  rehearsal?: TaskScoringSpec;
  /** Reads the key's files; called once per round of warming, however many workers need them. */
  load: () => Promise<AnswerKeyFiles>;
}

interface Slot {
  worker: Worker;
  /** Keys this worker has parsed (a hint: its cache may evict, then it asks again). */
  keys: Set<string>;
  /** Keys (by `answerKeyId`) to parse before this worker takes another job. */
  warm: string[];
  busy: boolean;
  /** Resolves when the worker has loaded its modules (or died trying). */
  ready: Promise<void>;
  current?: { id: number; preload?: string; resolve: (outcome: unknown) => void; reject: (error: Error) => void };
}

interface Pending {
  request: ScoringPoolRequest;
  loadKey: () => Promise<AnswerKeyFiles>;
  resolve: (outcome: ScoringOutcome) => void;
  reject: (error: Error) => void;
}

/** Zips smaller than this are scored whole: splitting costs each shard a read of the directory. */
export const SPLIT_MIN_BYTES = 256 * 1024;

/**
 * An early start no job has taken after this long is dropped: its upload was refused after the
 * read (a replay, the quota, a failed commit) or its job went to another node.
 */
export const EARLY_START_TTL_MS = 60_000;
/** Early starts kept at once (only an idle pool starts one, so this is rarely reached). */
const MAX_EARLY_STARTS = 8;

/**
 * What makes two requests give the same outcome: the file (by `tag`, its sha256), its name, the
 * key and the spec. A job that finds its identity among the early starts takes that outcome.
 */
const earlyIdentity = (request: ScoringPoolRequest, tag: string): string => `${tag}\n${request.fileName}\n${answerKeyId(request.key)}\n${JSON.stringify(request.spec)}`;

export class ScoringPool {
  private readonly logger = new Logger('ScoringPool');
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  /** Keys to hold in every worker, most recently asked last (at most what a worker's cache keeps). */
  private readonly wanted = new Map<string, WarmKey>();
  /** Key files being sent to workers, read once for all of them. */
  private readonly loading = new Map<string, Promise<AnswerKeyFiles>>();
  private preloading = 0;
  private warmWaiters: (() => void)[] = [];
  private onRequest = 0;
  private rehearsed = 0;
  private splits = 0;
  /** Split rehearsals to run once the workers are idle, by key (see `rehearseSplit`). */
  private readonly rehearsals = new Map<string, ScoringPoolRequest>();
  private rehearsing = false;
  private splitsRehearsed = 0;
  /** Outcomes started before their job existed, by `earlyIdentity` (see `startEarly`). */
  private readonly early = new Map<string, Promise<ScoringOutcome>>();
  private earlyStarted = 0;
  private earlyTaken = 0;
  private nextId = 1;
  private closed = false;

  /**
   * `size`: worker threads (`PODIUM_SCORING_THREADS`, whose default the config sets);
   * `splitMinBytes`: the smallest zip split across idle workers (default `SPLIT_MIN_BYTES`);
   * `earlyStartTtlMs`: how long an early start waits for its job (default `EARLY_START_TTL_MS`).
   */
  constructor(
    readonly size: number,
    private readonly options: { splitMinBytes?: number; earlyStartTtlMs?: number } = {},
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Jobs waiting for a worker plus jobs running. */
  get load(): number {
    return this.queue.length + this.slots.filter((s) => s.busy).length;
  }

  /**
   * How many times a scoring job had to read and send an answer key itself (the worker lacked
   * it): zero while warming keeps up. A key that is loaded there costs the job its parse time.
   */
  get keysLoadedOnRequest(): number {
    return this.onRequest;
  }

  /** Masks the workers decoded and scored in rehearsal after loading a key (see `rehearseMasks`). */
  get masksRehearsed(): number {
    return this.rehearsed;
  }

  /** Submissions scored in shards on several workers (see `runSplit`). */
  get splitJobs(): number {
    return this.splits;
  }

  /** Key masks zips the workers scored together, split, after loading a key (see `rehearseSplit`). */
  get splitRehearsals(): number {
    return this.splitsRehearsed;
  }

  /** Files started before their job existed (`startEarly`). */
  get earlyStarts(): number {
    return this.earlyStarted;
  }

  /** Jobs that took the outcome of an early start instead of scoring their file again. */
  get earlyStartsTaken(): number {
    return this.earlyTaken;
  }

  /** True when every worker has parsed this key (as far as the pool knows). */
  holds(ref: AnswerKeyRef): boolean {
    const id = answerKeyId(ref);
    return this.slots.every((slot) => slot.keys.has(id));
  }

  /**
   * Parses these keys in every worker that lacks them, each worker before its next job; a
   * worker started later (replacing a dead one) parses them too. Resolves when no worker has a
   * key left to parse. A key whose files cannot be read, that does not parse or that kills a
   * worker is dropped (logged): its submissions load it on demand and fail there, as before.
   */
  warm(keys: WarmKey[]): Promise<void> {
    if (this.closed) return Promise.resolve();
    for (const key of keys) {
      const id = answerKeyId(key.ref);
      this.wanted.delete(id);
      this.wanted.set(id, key);
    }
    while (this.wanted.size > KEY_CACHE_SIZE) this.wanted.delete(this.wanted.keys().next().value!);
    for (const slot of this.slots) this.planWarm(slot);
    this.dispatch();
    return this.warmed();
  }

  /** Resolves when no worker has a key left to parse. */
  warmed(): Promise<void> {
    if (!this.warming) return Promise.resolve();
    return new Promise((resolve) => this.warmWaiters.push(resolve));
  }

  private get warming(): boolean {
    return this.preloading > 0 || this.rehearsing || this.slots.some((slot) => slot.warm.length > 0);
  }

  /**
   * Scores in a worker; `loadKey` is called only when the chosen worker lacks the answer key.
   * `tag` (the file's sha256): a job whose file was started early (`startEarly`) takes that
   * outcome; should the early run fail (a worker died), the file is scored again here.
   */
  score(request: ScoringPoolRequest, loadKey: () => Promise<AnswerKeyFiles>, tag?: string): Promise<ScoringOutcome> {
    // No identity to build (the spec serialised) while no start is held: every job on PGlite.
    const identity = tag === undefined || this.early.size === 0 ? undefined : earlyIdentity(request, tag);
    const started = identity === undefined ? undefined : this.early.get(identity);
    if (started) {
      this.early.delete(identity!);
      this.earlyTaken++;
      return started.catch(() => this.queued(request, loadKey));
    }
    return this.queued(request, loadKey);
  }

  /**
   * Starts scoring a file whose job does not exist yet (its upload is being committed), so the
   * scoring overlaps the commit. Only when every worker idles and holds the key: an early start
   * never delays another team's job by more than a job would, and never loads a key. Returns
   * whether it started; the job that later calls `score` with the same request and `tag` takes
   * the outcome. One that no job takes is dropped after `EARLY_START_TTL_MS`.
   */
  startEarly(request: ScoringPoolRequest, tag: string, loadKey: () => Promise<AnswerKeyFiles>): boolean {
    // Nor while a key loads or a split rehearsal is due: an early start never gets ahead of them.
    if (this.closed || !this.idle || this.warming || this.rehearsals.size > 0 || !this.holds(request.key) || this.early.size >= MAX_EARLY_STARTS) return false;
    const identity = earlyIdentity(request, tag);
    if (this.early.has(identity)) return false;
    const outcome = this.queued(request, loadKey);
    // Nobody may await it (the upload was refused): its failure is not unhandled.
    outcome.catch(() => undefined);
    this.early.set(identity, outcome);
    this.earlyStarted++;
    setTimeout(() => {
      if (this.early.get(identity) === outcome) this.early.delete(identity);
    }, this.options.earlyStartTtlMs ?? EARLY_START_TTL_MS).unref();
    return true;
  }

  private queued(request: ScoringPoolRequest, loadKey: () => Promise<AnswerKeyFiles>): Promise<ScoringOutcome> {
    if (this.closed) return Promise.reject(new Error('scoring pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, loadKey, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('scoring pool is closed'));
    for (const slot of this.slots) slot.warm.length = 0;
    this.rehearsals.clear();
    this.early.clear();
    await Promise.all(
      this.slots.map(async (s) => {
        s.worker.ref();
        await Promise.race([s.ready, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
        const exited = new Promise((resolve) => s.worker.once('exit', resolve));
        s.worker.postMessage({ close: true });
        // A worker busy in a long computation is stopped the hard way after a while.
        const timer = setTimeout(() => void s.worker.terminate(), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private spawn(): Slot {
    const entry = workerEntry(import.meta.url, 'scoring.worker');
    const worker = new Worker(entry.url, { execArgv: entry.execArgv, env: entry.env });
    let markReady!: () => void;
    const slot: Slot = { worker, keys: new Set(), warm: [], busy: false, ready: new Promise<void>((resolve) => (markReady = resolve)) };
    this.planWarm(slot);
    worker.once('exit', () => markReady());
    worker.on('message', (message: { id: number; ready?: true; outcome?: unknown; error?: string }) => {
      if (message.ready) return markReady();
      const current = slot.current;
      if (!current || current.id !== message.id) return;
      slot.current = undefined;
      if (message.error !== undefined) current.reject(new Error(message.error));
      else current.resolve(message.outcome!);
    });
    const die = (error: Error) => {
      const current = slot.current;
      slot.current = undefined;
      // A key that kills its worker must not kill every replacement: it is loaded on demand only.
      if (current?.preload) this.wanted.delete(current.preload);
      current?.reject(error);
      if (this.closed) return;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      this.dispatch();
    };
    worker.on('error', die);
    worker.on('exit', (code) => {
      if (!this.closed) die(new Error(`scoring worker exited with code ${code}`));
    });
    // An idle pool must not keep a CLI or a test process alive.
    worker.unref();
    return slot;
  }

  private planWarm(slot: Slot): void {
    for (const id of this.wanted.keys()) if (!slot.keys.has(id) && !slot.warm.includes(id)) slot.warm.push(id);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const warmId = slot.warm.shift();
      if (warmId === undefined) continue;
      slot.busy = true;
      this.preloading++;
      this.preload(slot, warmId).finally(() => {
        slot.busy = false;
        this.preloading--;
        this.warmRoundEnded();
      });
    }
    this.startRehearsal();
    for (let idle = this.slots.filter((s) => !s.busy); idle.length > 0 && this.queue.length > 0; idle = this.slots.filter((s) => !s.busy)) {
      const job = this.queue.shift()!;
      const helpers = this.queue.length === 0 ? this.splitHelpers(job, idle) : [];
      const taken = helpers.length >= 2 ? helpers : [idle[0]!];
      for (const slot of taken) slot.busy = true;
      const done = taken.length > 1 ? this.runSplit(taken, job) : this.run(taken[0]!, job);
      done.finally(() => {
        for (const slot of taken) slot.busy = false;
        this.dispatch();
      });
    }
  }

  /** No job waits, and no worker is busy or has a key left to parse. */
  private get idle(): boolean {
    return this.queue.length === 0 && this.slots.every((slot) => !slot.busy && slot.warm.length === 0);
  }

  /** Starts a split rehearsal when one is due and every worker idles: a team's zip that waits goes first. */
  private startRehearsal(): void {
    if (this.rehearsals.size === 0 || !this.idle) return;
    const [id, request] = this.rehearsals.entries().next().value!;
    this.rehearsals.delete(id);
    const slots = this.slots.filter((slot) => slot.keys.has(id));
    if (slots.length < 2) return;
    for (const slot of slots) slot.busy = true;
    this.rehearsing = true;
    this.rehearseSplit(slots, request).finally(() => {
      for (const slot of slots) slot.busy = false;
      this.rehearsing = false;
      this.warmRoundEnded();
    });
  }

  /** A preload or a rehearsal ended: wake `warmed()` callers when nothing is left, and go on. */
  private warmRoundEnded(): void {
    this.dispatch();
    if (!this.warming) for (const resolve of this.warmWaiters.splice(0)) resolve();
  }

  /** Idle workers that can share this job: a large mask zip, and no other job waiting for them. */
  private splitHelpers(job: Pending, idle: Slot[]): Slot[] {
    if (job.request.bytes.length < (this.options.splitMinBytes ?? SPLIT_MIN_BYTES) || !maskShardable(job.request.spec)) return [];
    const id = answerKeyId(job.request.key);
    return idle.filter((slot) => slot.keys.has(id));
  }

  private async preload(slot: Slot, id: string): Promise<void> {
    const key = this.wanted.get(id);
    if (!key || slot.keys.has(id)) return;
    let files = this.loading.get(id);
    if (!files) {
      files = key.load();
      this.loading.set(id, files);
    }
    try {
      const keyFiles = await files;
      const outcome = await this.send<PreloadOutcome>(slot, { preload: { key: key.ref, kind: key.kind, files: keyFiles, ...(key.masks ? { masks: key.masks } : {}) } }, id);
      if (outcome.kind === 'failed') throw new Error(outcome.error);
      slot.keys.add(id);
      this.rehearsed += outcome.masksRehearsed;
      if (key.rehearsal && keyFiles.masksZip && this.size >= 2) this.rehearsals.set(id, { spec: key.rehearsal, key: key.ref, fileName: 'answer-masks.zip', bytes: keyFiles.masksZip });
    } catch (error) {
      this.wanted.delete(id);
      this.logger.warn(`answer key ${id} not preloaded: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      if (!this.slots.some((other) => other.warm.includes(id))) this.loading.delete(id);
    }
  }

  private async run(slot: Slot, job: Pending): Promise<void> {
    try {
      const id = answerKeyId(job.request.key);
      let outcome: ScoringOutcome;
      if (slot.keys.has(id)) {
        outcome = await this.send<ScoringOutcome>(slot, { request: job.request });
        if (outcome.kind !== 'need_key') return job.resolve(outcome);
      }
      this.onRequest++;
      outcome = await this.send<ScoringOutcome>(slot, { request: { ...job.request, keyFiles: await job.loadKey() } });
      if (outcome.kind === 'scored' || outcome.kind === 'rejected') slot.keys.add(id);
      job.resolve(outcome);
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Scores one submission on several workers: each decodes and scores its share of the masks,
   * the first combines the values. Anything the shards cannot vouch for (a problem in the file,
   * a lost key, a metric error) is scored whole on the first worker, the usual way.
   */
  private async runSplit(slots: Slot[], job: Pending): Promise<void> {
    let combined: ScoringOutcome | null;
    try {
      combined = await this.scoreShards(slots, job.request);
    } catch (error) {
      return job.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (!combined) return this.run(slots[0]!, job);
    this.splits++;
    job.resolve(combined);
  }

  /** The submission's outcome from its shards, or null when only the whole file can give it. */
  private async scoreShards(slots: Slot[], request: ScoringPoolRequest): Promise<ScoringOutcome | null> {
    const { spec, key } = request;
    // One copy of the file for every shard (a shared buffer is not cloned per worker).
    const bytes = new Uint8Array(new SharedArrayBuffer(request.bytes.byteLength));
    bytes.set(request.bytes);
    const settled = await Promise.allSettled(slots.map((slot, index) => this.send<ShardOutcome>(slot, { shard: { ...request, bytes, shard: { index, count: slots.length } } })));
    const failure = settled.find((s) => s.status === 'rejected');
    if (failure) throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
    const shards = settled.map((s) => (s as PromiseFulfilledResult<ShardOutcome>).value);
    if (!shards.every((shard): shard is MaskShardValues => shard.kind === 'values')) return null;
    const combined = await this.send<ScoringOutcome | { kind: 'whole' }>(slots[0]!, { combine: { spec, key, shards } });
    return combined.kind === 'whole' ? null : combined;
  }

  /**
   * The key's own masks zip scored as a team's zip, split across these workers, its outcome
   * dropped. After the per-worker rehearsal (`rehearseMasks`) the first team's zip still took
   * twice the workers' time of the next ones after a restart (bench:submissions, 7 Dec); one split
   * rehearsal brings it to the warm figure. A rehearsal that fails is logged: teams' zips are
   * scored as before.
   */
  private async rehearseSplit(slots: Slot[], request: ScoringPoolRequest): Promise<void> {
    try {
      const outcome = await this.scoreShards(slots, request);
      if (outcome?.kind === 'scored') this.splitsRehearsed++;
      else this.logger.warn(`split rehearsal of answer key ${answerKeyId(request.key)}: ${outcome ? outcome.kind : 'the shards could not vouch for the file'}`);
    } catch (error) {
      this.logger.warn(`split rehearsal of answer key ${answerKeyId(request.key)} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** `preload`: the key being parsed, so a worker that dies of it is not given it again. */
  private send<T>(slot: Slot, body: ScoringWorkerBody, preload?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.current = { id, ...(preload ? { preload } : {}), resolve: resolve as (outcome: unknown) => void, reject };
      // Keep the worker referenced while it works so the process waits for the answer.
      slot.worker.ref();
      slot.worker.postMessage({ id, ...body } satisfies ScoringWorkerMessage);
    }).finally(() => slot.worker.unref());
  }
}

const shared = new Map<number, ScoringPool>();

/**
 * One pool per process and size, shared by every app instance in it (tests boot several apps in
 * one process). Never closed: its idle threads are unref'd and end with the process. Ending
 * threads early is avoided on purpose: under a module loader (sources in tests) a worker thread
 * exiting can crash the process on Node 20.
 */
export function sharedScoringPool(size: number): ScoringPool {
  let pool = shared.get(size);
  if (!pool) {
    pool = new ScoringPool(size);
    shared.set(size, pool);
  }
  return pool;
}
