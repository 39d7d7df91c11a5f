// The organiser's event description (`event.yaml` / `event.json` in an event bundle), after
// validation. Field names are the published contract: extend, don't rename.
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
  optional?: boolean;
}

export interface SubmissionManifest {
  table?: { id: string; columns: Record<string, ColumnManifest> };
  masks?: { format: 'nifti' | 'png'; nonBinary?: 'reject' | 'threshold'; threshold?: number; partial?: boolean };
}

export interface ScoreTermManifest {
  weight: number;
  metric: string;
  truth?: string;
  prediction?: string;
  where?: Record<string, number>;
  pairs?: { truth: string; prediction: string }[];
}

export interface ScoreManifest extends Partial<Omit<ScoreTermManifest, 'weight'>> {
  name: string;
  metric: string;
  missing?: number;
  terms?: ScoreTermManifest[];
  options?: Record<string, unknown>;
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
  ranking?: { method: 'rank_sum' | 'mean_rank'; tie_break?: string };
}

export interface EventManifest {
  slug: string;
  title: LocalizedText;
  timezone: string;
  teams: TeamManifest[];
  jury: JuryMemberManifest[];
  tasks: TaskManifest[];
}
