// One submission as an audience may see it (ticker, team's list, jury console).
import type { Problem, RecentSubmission, SubmissionOutcome } from '@podium/contracts';
import type { SplitScores } from '@podium/scoring';
import { selectSubmission } from '../leaderboard/select-submission.js';
import type { RoundSubmission, RoundTruth } from '../model/round.js';
import { type Audience, isAfterCutoff, maySeeHiddenSplits, publicCutoff } from './audience.js';

/**
 * The wire `RecentSubmission` plus what the audience may know beyond it. For the public, a
 * submission received after the freeze is always the same shape - outcome `pending`, no time of
 * settling, no score, `afterFreeze: true` - whatever became of it, so nothing differs by outcome.
 */
export interface SubmissionView extends RecentSubmission {
  afterFreeze: boolean;
  /** Its own team and the jury: why it was rejected. */
  problems?: Problem[];
  /** Its own team and the jury: whether it represents the team on the live public-split board. */
  counted?: boolean;
  /** Jury, or anyone once private scores are revealed: every split, by score name. */
  splitScores?: Record<string, SplitScores>;
}

const outcomeOf = (s: RoundSubmission): SubmissionOutcome | 'pending' =>
  s.status === 'scored' || s.status === 'rejected' || s.status === 'failed' ? s.status : 'pending';

const publicScores = (s: RoundSubmission): Record<string, number | null> | null =>
  s.status === 'scored' && s.scores ? Object.fromEntries(Object.entries(s.scores).map(([name, v]) => [name, v.public])) : null;

/**
 * Null when the submission's team is unknown (nothing to show). `representatives` (from
 * `representativeSubmissions`) saves recomputing them when many submissions are shown at once.
 */
export function visibleSubmission(
  truth: RoundTruth,
  submission: RoundSubmission,
  audience: Audience,
  now: Date,
  representatives?: ReadonlyMap<string, string>,
): SubmissionView | null {
  const team = truth.teams.find((t) => t.id === submission.teamId);
  if (!team) return null;
  const { task, reveal } = truth;
  const cutoff = publicCutoff(task, reveal, now);
  const afterFreeze = task.freezeAt !== null && submission.receivedAt.getTime() > task.freezeAt.getTime();
  const base = { submissionId: submission.id, team: team.slug, task: task.slug, receivedAt: submission.receivedAt.toISOString() };
  const full = audience.kind === 'jury' || (audience.kind === 'team' && audience.teamId === submission.teamId);

  if (!full && isAfterCutoff(submission.receivedAt, cutoff)) {
    return { ...base, outcome: 'pending', settledAt: null, scores: null, afterFreeze: true };
  }
  const settled = outcomeOf(submission) !== 'pending';
  const view: SubmissionView = {
    ...base,
    outcome: outcomeOf(submission),
    settledAt: settled && submission.scoredAt ? submission.scoredAt.toISOString() : null,
    scores: publicScores(submission),
    afterFreeze,
  };
  if (full) {
    if (submission.status === 'rejected') view.problems = [...(submission.problems ?? [])];
    view.counted = (representatives ?? representativeSubmissions(truth, submission.teamId)).get(submission.teamId) === submission.id;
  }
  if (maySeeHiddenSplits(audience, reveal) && submission.status === 'scored' && submission.scores) {
    view.splitScores = Object.fromEntries(Object.entries(submission.scores).map(([name, v]) => [name, { ...v }]));
  }
  return view;
}

/**
 * The submission that represents each team on the live public-split board (by the task's
 * policy), by team id; only for `teamId` when given.
 */
export function representativeSubmissions(truth: RoundTruth, teamId?: string): Map<string, string> {
  const scored = new Map<string, RoundSubmission[]>();
  for (const s of truth.submissions) {
    if (s.status !== 'scored' || s.scores === null || (teamId !== undefined && s.teamId !== teamId)) continue;
    const list = scored.get(s.teamId);
    if (list) list.push(s);
    else scored.set(s.teamId, [s]);
  }
  const out = new Map<string, string>();
  for (const [team, list] of scored) {
    const pick = selectSubmission(truth.task.policy, list, truth.task, 'public');
    if (pick) out.set(team, pick.id);
  }
  return out;
}

/** Is this the submission that represents its team on the live public-split board? */
export function isRepresentative(truth: RoundTruth, submission: RoundSubmission): boolean {
  return submission.status === 'scored' && representativeSubmissions(truth, submission.teamId).get(submission.teamId) === submission.id;
}
