// What an import asks of scoring once its tasks are written: parse their answer keys in every
// scoring worker now, so the first submission does not pay for it. Bound by ScoringJobsModule
// (global); unbound where nothing scores in this process.
export interface AnswerKeyWarmupPort {
  /** Resolves when every scoring worker of this process holds the keys of these tasks' (if still open or upcoming). */
  warmTasks(taskIds: number[]): Promise<void>;
}

export const ANSWER_KEY_WARMUP = Symbol('ANSWER_KEY_WARMUP');
