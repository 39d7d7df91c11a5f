// The organiser's event description (`event.yaml` / `event.json` in an event bundle), after
// validation. Field names are the published contract: extend, don't rename.
import type { DetectionSubmissionManifest } from './detection.js';
import type { LocalizedText } from './localized-text.js';

export type TeamCategory = string;
export type JuryRole = 'organiser' | 'juror';
export type LeaderboardPolicy = 'best' | 'last';

export interface TeamManifest {
  slug: string;
  name: string;
  category?: TeamCategory;
}

export interface JuryMemberManifest {
  login: string;
  name: string;
  role: JuryRole;
}

export interface ColumnManifest {
  type: 'number' | 'integer';
  min?: number;
  max?: number;
  /** Cells may be empty (then `ScoreManifest.missing` fills them, or the case is skipped). */
  optional?: boolean;
}

/** What a submission must contain (`tasks[].submission`). */
export interface SubmissionManifest {
  table?: {
    /** Name of the id column in the team's CSV. */
    id: string;
    columns: Record<string, ColumnManifest>;
  };
  masks?: {
    format: 'nifti' | 'png';
    /** Non-binary mask values: reject the submission (default) or threshold at `threshold` (default 0.5). */
    nonBinary?: 'reject' | 'threshold';
    threshold?: number;
    /** Allow missing/unreadable/wrong-size masks, each scoring 0 (default false: reject the submission). */
    partial?: boolean;
  };
  /** Detection candidates (FROC tasks): a CSV of id, x, y, z, probability rows; excludes table and masks. */
  detection?: DetectionSubmissionManifest;
}

/** One weighted term of a composite score. */
export interface ScoreTermManifest {
  weight: number;
  metric: string;
  truth?: string;
  prediction?: string;
  /** Keep only the cases whose answer-key values equal these (conditional metrics). */
  where?: Record<string, number>;
  /** For one-vs-rest means: truth/prediction column pairs; single-class columns are skipped. */
  pairs?: { truth: string; prediction: string }[];
}

/** One score of a task (`tasks[].scores[]`). `metric` may be `weighted` (uses `terms`). */
export interface ScoreManifest extends Partial<Omit<ScoreTermManifest, 'weight'>> {
  name: string;
  metric: string;
  /** Fill value for empty prediction cells (columns declared optional). */
  missing?: number;
  terms?: ScoreTermManifest[];
  /** Metric-specific options, e.g. `{ empty: 'one' | 'exclude' }` for Dice. */
  options?: Record<string, unknown>;
}

/** How a multi-score task turns per-score ranks into one rank. */
export interface RankingManifest {
  method: 'rank_sum' | 'mean_rank';
  /** Name of the score whose rank decides ties of the aggregate. */
  tie_break?: string;
}

export interface TaskManifest {
  slug: string;
  title: LocalizedText;
  /** ISO 8601 instants with offset, as written by the organiser. */
  opens_at: string;
  closes_at: string;
  freeze_at?: string;
  /** Seconds after closes_at during which an upload that started in time is still accepted. Default 0. */
  grace_seconds?: number;
  quota?: { submissions: number; per_minutes: number };
  leaderboard: LeaderboardPolicy;
  /** Largest accepted upload in MiB (default large enough for 500 masks). */
  max_upload_mb?: number;
  /** Decimals shown on screens for this task's scores. */
  precision?: number;
  answer_key: string;
  answer_masks?: string;
  submission: SubmissionManifest;
  scores: ScoreManifest[];
  ranking?: RankingManifest;
}

/**
 * A prize (`prizes[]`, optional). `places` are the final ranks that win it, on the task's whole
 * final ranking, or, with `category`, on the ranking of that category's teams only (default
 * `[1]`: the best team of the category). Without any prize for a task, its ceremony reveals the
 * whole final ranking, last place to first.
 */
export interface PrizeManifest {
  task: string;
  places: number[];
  category?: TeamCategory;
  title: LocalizedText;
}

export interface EventManifest {
  slug: string;
  title: LocalizedText;
  timezone: string;
  teams: TeamManifest[];
  jury: JuryMemberManifest[];
  tasks: TaskManifest[];
  /** Optional `prizes:` list (the validated bundle always has it, empty when absent). */
  prizes?: PrizeManifest[];
}
