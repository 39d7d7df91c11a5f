// Feed payloads about one submission, per audience. The live module asks these for every
// audience and sends nothing when they answer null: after the freeze, the public and other teams
// must not even learn *that* a submission settled (the timing alone hints at the outcome).
import type { SubmissionOutcome, SubmissionReceivedData, SubmissionScoredData, SubmissionSettledData } from '@podium/contracts';
import type { RoundSubmission, RoundTruth } from '../model/round.js';
import { type Audience, isAfterCutoff, publicCutoff, publicFrozen } from './audience.js';
import { isRepresentative, visibleSubmission } from './visible-submission.js';

const settledOutcome = (s: RoundSubmission): SubmissionOutcome | null =>
  s.status === 'scored' || s.status === 'rejected' || s.status === 'failed' ? s.status : null;

/** `submission.received`: every audience may know a team uploaded at that time (never a score). */
export function visibleReceivedData(truth: RoundTruth, submission: RoundSubmission): SubmissionReceivedData | null {
  const team = truth.teams.find((t) => t.id === submission.teamId);
  if (!team) return null;
  return { submissionId: submission.id, team: team.slug, task: truth.task.slug, receivedAt: submission.receivedAt.toISOString() };
}

/** `submission.scored` (full result): the submission's own team and the jury only; null otherwise or before it settled. */
export function visibleScoredData(truth: RoundTruth, submission: RoundSubmission, audience: Audience, now: Date): SubmissionScoredData | null {
  const own = audience.kind === 'team' && audience.teamId === submission.teamId;
  const outcome = settledOutcome(submission);
  if (!(own || audience.kind === 'jury') || outcome === null) return null;
  const view = visibleSubmission(truth, submission, audience, now);
  if (!view) return null;
  return {
    submissionId: view.submissionId,
    team: view.team,
    task: view.task,
    receivedAt: view.receivedAt,
    settledAt: view.settledAt ?? now.toISOString(),
    outcome,
    scores: view.scores,
    problemCount: submission.status === 'rejected' ? (submission.problems?.length ?? 0) : 0,
    counted: isRepresentative(truth, submission),
  };
}

/**
 * `submission.settled` (what a ticker shows): null before it settled, and null for the public
 * (and other teams) when it was received after the freeze - no event at all, so neither the
 * outcome nor the moment it was known leaks. During the freeze `counted` is null.
 */
export function visibleSettledData(truth: RoundTruth, submission: RoundSubmission, audience: Audience, now: Date): SubmissionSettledData | null {
  const outcome = settledOutcome(submission);
  if (outcome === null) return null;
  const full = audience.kind === 'jury' || (audience.kind === 'team' && audience.teamId === submission.teamId);
  if (!full && isAfterCutoff(submission.receivedAt, publicCutoff(truth.task, truth.reveal, now))) return null;
  const view = visibleSubmission(truth, submission, audience, now);
  if (!view) return null;
  const frozen = publicFrozen(truth.task, truth.reveal, now);
  return {
    submissionId: view.submissionId,
    team: view.team,
    task: view.task,
    settledAt: view.settledAt ?? now.toISOString(),
    outcome,
    scores: view.scores,
    counted: frozen && !full ? null : isRepresentative(truth, submission),
  };
}
