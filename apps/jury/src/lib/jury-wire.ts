// PROVISIONAL wire types of the jury routes, until `libs/contracts/src/rest/jury.ts` lands; then
// this file only re-exports from `@podium/contracts`.
import type { LocalizedText, Problem, TeamPublicView, SubmissionStatusName, AnnouncementLevel } from '@podium/contracts';

export type JuryRole = 'organiser' | 'juror';

export interface JurySessionRequest {
  event: string;
  login: string;
  password: string;
}

export interface JurySessionResponse {
  login: string;
  name: string;
  role: JuryRole;
  event: string;
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export interface JuryBoardRow {
  team: TeamPublicView;
  /** Ranks per board: live public split, private split, all cases. */
  ranks: Record<string, number | null>;
  /** Scores by split then score name. */
  scores: Record<string, Record<string, number | null>>;
  frozenRank: number | null;
  frozenScores: Record<string, number | null> | null;
  differs: boolean;
  disqualified: boolean;
}

export interface JuryBoardResponse {
  event: string;
  task: string;
  splits: string[];
  rows: JuryBoardRow[];
  frozen: boolean;
  frozenAt: string | null;
  computedAt: string;
}

export interface JurySubmission {
  id: string;
  task: string;
  team: TeamPublicView;
  status: SubmissionStatusName;
  receivedAt: string;
  settledAt: string | null;
  fileName: string;
  size: number;
  sha256: string;
  scores: Record<string, Record<string, number | null>> | null;
  problems: Problem[];
  warnings: Problem[];
  counted: boolean;
  disqualified: { reason: string; at: string; by: string } | null;
  flags: { login: string; note: string; at: string }[];
  downloadUrl: string;
}

export interface JurySubmissionsResponse {
  event: string;
  submissions: JurySubmission[];
}

export interface RankChange {
  team: string;
  from: number | null;
  to: number | null;
}

export interface RescoreRequest {
  reason: string;
  preview: boolean;
  submission?: string;
}

export interface RescoreResponse {
  preview: boolean;
  task: string;
  rescored: number;
  changes: RankChange[];
}

export interface ReasonRequest {
  reason: string;
}

export interface FlagRequest {
  submission: string;
  note: string;
}

export interface AnnounceRequest {
  text: LocalizedText;
  level: AnnouncementLevel;
  reason?: string;
}

export interface DirectorState {
  scene: string | null;
  task: string | null;
  lang: 'fr' | 'en' | null;
  pinnedAt: string | null;
  by: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  hash: string;
  prevHash: string;
}

export interface AuditResponse {
  event: string;
  entries: AuditEntry[];
}

export interface TeamHistoryPoint {
  at: string;
  scores: Record<string, Record<string, number | null>>;
  submission: string;
}

export interface TeamHistoryResponse {
  event: string;
  task: string;
  team: TeamPublicView;
  disqualified: { reason: string; at: string; by: string } | null;
  points: TeamHistoryPoint[];
}
