// The shared vocabulary of the scoring library. Parsers produce these shapes, metrics and
// ranking consume them, and the API stores what `scoreSubmission` returns. Extend, don't rename.
import type {
  ColumnManifest,
  Problem,
  RankingManifest,
  ScoreManifest,
  ScoreTermManifest,
  SubmissionManifest,
} from '@podium/contracts';

/** Whether a larger score is better (`higher`, e.g. AUC, Dice) or a smaller one (`lower`, e.g. MSE). */
export type Direction = 'higher' | 'lower';

export type Split = 'public' | 'private';

export type { Problem };

/** A binary mask (or an answer mask), values 0/1, x fastest then y then z. */
export interface MaskImage {
  dims: [number, number, number];
  /** Pixel spacing in mm along x, y, z (1 when unknown). */
  spacing: [number, number, number];
  data: Uint8Array;
}

/** An organiser's answer key, already validated. Case order is the file's order. */
export interface AnswerKey {
  /** Case ids as written in the key. */
  ids: string[];
  /** Normalised ids (see `normalizeCaseId`), same order; used to match submissions. */
  normalizedIds: string[];
  split: Split[];
  /** Numeric truth columns by column name, indexed like `ids`; NaN where a cell is empty. */
  truth: Record<string, Float64Array>;
  /** Reference masks indexed like `ids`, when the task scores masks. */
  masks?: MaskImage[];
  /** Reference findings of a detection task (FROC), `caseId` = a normalised id. */
  findings?: DetectionFinding[];
}

/** A reference finding of a detection task (LUNA16 style): centre and diameter in mm. */
export interface DetectionFinding {
  caseId: string;
  x: number;
  y: number;
  z: number;
  /** Diameter in mm; a negative diameter means 10 mm, as LUNA16's script does. */
  diameter: number;
  /** An irrelevant finding (LUNA16 annotations_excluded): candidates on it are neither hits nor false positives. */
  excluded?: boolean;
}

/** A team's detection: a point in mm and a probability. */
export interface DetectionCandidate {
  caseId: string;
  x: number;
  y: number;
  z: number;
  probability: number;
}

// The manifest's submission, score and ranking shapes are defined once, in @podium/contracts
// (they are the organiser's file format); the scoring library uses them under these names.
export type ColumnSpec = ColumnManifest;
export type SubmissionSpec = SubmissionManifest;
export type ScoreTerm = ScoreTermManifest;
export type ScoreSpec = ScoreManifest;
export type RankingSpec = RankingManifest;

/** A submission parsed and aligned to the answer key's case order. */
export interface ParsedSubmission {
  /** Prediction columns by name, indexed like `AnswerKey.ids`; NaN = empty optional cell. */
  values: Record<string, Float64Array>;
  /** Masks indexed like `AnswerKey.ids`; null = missing/unreadable (only when partial is allowed). */
  masks?: (MaskImage | null)[];
  /** Detection candidates (FROC tasks), `caseId` = a normalised id. */
  candidates?: DetectionCandidate[];
  /** Problems tolerated because the task allows partial submissions (each such mask scores 0). */
  warnings?: Problem[];
}

/** Everything needed to score a task's submissions. */
export interface TaskScoringSpec {
  submission: SubmissionSpec;
  scores: ScoreSpec[];
  ranking?: RankingSpec;
}

/** A score on each split; null when the split has no case the metric can use. */
export interface SplitScores {
  public: number | null;
  private: number | null;
  all: number | null;
}

export interface CaseResult {
  caseId: string;
  split: Split;
  /** Per-case values by score name where the metric has one (Dice per case, squared error...). */
  values: Record<string, number | null>;
}

export interface SubmissionResult {
  scores: Record<string, SplitScores>;
  cases: CaseResult[];
  /** Why a score is null on a split (e.g. a single class among the private cases), by score name. */
  reasons?: Record<string, Partial<Record<keyof SplitScores, string>>>;
}

/** Input to ranking: one team's value for each score (already on one split). */
export interface RankEntry {
  teamId: string;
  scores: Record<string, number | null>;
}

export interface RankedEntry {
  teamId: string;
  /** Final rank, ties share the best rank (1, 1, 3). */
  rank: number;
  /** Rank on each score, by score name. */
  scoreRanks: Record<string, number>;
  /** Aggregate points for multi-score tasks (rank sum or mean rank); the score itself otherwise. */
  points: number;
}
