// The wire schemas the API documents, by component name: the OpenAPI document's
// `components.schemas` are generated from them, so the document cannot drift from the types.
import { z } from 'zod';
import { LocalizedTextSchema } from './localized-text.schema.js';
import { ProblemDetailsSchema, ProblemSchema } from './problem.js';
import { AnnouncementBodySchema, AnnouncementDataSchema } from './live/announcement.schema.js';
import { EventPublicViewSchema, ScoreColumnViewSchema, TaskClockSchema, TaskPublicViewSchema, TeamPublicViewSchema } from './live/event-view.js';
import { LeaderboardDataSchema, LeaderboardMovementsSchema, LeaderboardResponseSchema, LeaderboardRowSchema, RankMoveSchema, RowMovementSchema } from './live/leaderboard-view.js';
import { RankHistoryPointSchema, RankHistoryResponseSchema, RankHistorySeriesSchema } from './live/rank-history.schema.js';
import { SubscribeRequestSchema } from './live/subscribe-request.js';
import { ImportEventResponseSchema, ImportJobResponseSchema, RotateTeamTokenResponseSchema, TeamTokenBodySchema } from './rest/admin.js';
import { EventDetailsSchema, EventSummarySchema, TaskDetailsSchema } from './rest/events.js';
import { HealthResponseSchema, NodeHealthDetailsSchema } from './rest/health.js';
import {
  QuotaExceededProblemSchema,
  QuotaStateSchema,
  SubmissionAcceptedSchema,
  SubmissionDetailsSchema,
  TeamDisqualificationNoticeSchema,
  TeamMeResponseSchema,
  TeamTaskStandingSchema,
} from './rest/submissions.schema.js';
import { RevealPrizeSchema, RevealStepDataSchema, RevealTeamSchema } from './live/reveal.schema.js';
import {
  AuditEntryViewSchema,
  AuditResponseSchema,
  AuditVerifyResponseSchema,
  CeremonyNextResponseSchema,
  CeremonyResponseSchema,
  CeremonyStartResponseSchema,
  CeremonyStepViewSchema,
  CeremonyTaskViewSchema,
  CeremonyViewSchema,
  DirectorResponseSchema,
  DirectorStateSchema,
  DisqualificationViewSchema,
  FinalizeResponseSchema,
  JuryBoardResponseSchema,
  JuryBoardRowSchema,
  JuryFlagsResponseSchema,
  JuryFlagViewSchema,
  JuryMembersResponseSchema,
  JuryMemberViewSchema,
  JurySessionInfoSchema,
  JurySessionResponseSchema,
  JurySessionsResponseSchema,
  JurySessionViewSchema,
  JurySplitSchema,
  JurySubmissionSchema,
  JurySubmissionsResponseSchema,
  RankChangeSchema,
  RescoreResponseSchema,
  RobustnessIntervalSchema,
  RobustnessNeighboursSchema,
  RobustnessResponseSchema,
  RobustnessTeamSchema,
  ScoreChangeSchema,
  SplitScoresSchema,
  TaskVerificationsResponseSchema,
  TaskVerificationViewSchema,
  TeamDecisionResponseSchema,
  TeamHistoryPointSchema,
  TeamHistoryResponseSchema,
  TooManyAttemptsProblemSchema,
  UnfinalizeResponseSchema,
  VerificationVoidedSchema,
} from './rest/jury.schema.js';
import { ResultsDocumentSchema, ResultsRowSchema, ResultsSignatureSchema, ResultsSubmissionSchema, ResultsTaskSchema } from './rest/results.schema.js';

export const WIRE_SCHEMAS = {
  LocalizedText: LocalizedTextSchema,
  Problem: ProblemSchema,
  ProblemDetails: ProblemDetailsSchema,
  TaskClock: TaskClockSchema,
  TeamPublicView: TeamPublicViewSchema,
  ScoreColumnView: ScoreColumnViewSchema,
  TaskPublicView: TaskPublicViewSchema,
  EventPublicView: EventPublicViewSchema,
  RowMovement: RowMovementSchema,
  LeaderboardRow: LeaderboardRowSchema,
  RankMove: RankMoveSchema,
  LeaderboardMovements: LeaderboardMovementsSchema,
  LeaderboardData: LeaderboardDataSchema,
  LeaderboardResponse: LeaderboardResponseSchema,
  RankHistoryPoint: RankHistoryPointSchema,
  RankHistorySeries: RankHistorySeriesSchema,
  RankHistoryResponse: RankHistoryResponseSchema,
  SubscribeRequest: SubscribeRequestSchema,
  AnnouncementBody: AnnouncementBodySchema,
  AnnouncementData: AnnouncementDataSchema,
  HealthResponse: HealthResponseSchema,
  NodeHealthDetails: NodeHealthDetailsSchema,
  EventSummary: EventSummarySchema,
  TaskDetails: TaskDetailsSchema,
  EventDetails: EventDetailsSchema,
  TeamTokenBody: TeamTokenBodySchema,
  ImportEventResponse: ImportEventResponseSchema,
  ImportJobResponse: ImportJobResponseSchema,
  RotateTeamTokenResponse: RotateTeamTokenResponseSchema,
  TeamDisqualificationNotice: TeamDisqualificationNoticeSchema,
  SubmissionAccepted: SubmissionAcceptedSchema,
  SubmissionDetails: SubmissionDetailsSchema,
  QuotaState: QuotaStateSchema,
  TeamTaskStanding: TeamTaskStandingSchema,
  TeamMeResponse: TeamMeResponseSchema,
  QuotaExceededProblem: QuotaExceededProblemSchema,
  // The jury console and the jury admin routes
  JurySplit: JurySplitSchema,
  SplitScores: SplitScoresSchema,
  JuryMemberView: JuryMemberViewSchema,
  JuryMembersResponse: JuryMembersResponseSchema,
  JurySessionResponse: JurySessionResponseSchema,
  JurySessionInfo: JurySessionInfoSchema,
  JurySessionView: JurySessionViewSchema,
  JurySessionsResponse: JurySessionsResponseSchema,
  TooManyAttemptsProblem: TooManyAttemptsProblemSchema,
  DisqualificationView: DisqualificationViewSchema,
  JuryFlagView: JuryFlagViewSchema,
  JuryFlagsResponse: JuryFlagsResponseSchema,
  JuryBoardRow: JuryBoardRowSchema,
  JuryBoardResponse: JuryBoardResponseSchema,
  JurySubmission: JurySubmissionSchema,
  JurySubmissionsResponse: JurySubmissionsResponseSchema,
  TeamHistoryPoint: TeamHistoryPointSchema,
  TeamHistoryResponse: TeamHistoryResponseSchema,
  RankChange: RankChangeSchema,
  ScoreChange: ScoreChangeSchema,
  RescoreResponse: RescoreResponseSchema,
  TeamDecisionResponse: TeamDecisionResponseSchema,
  DirectorState: DirectorStateSchema,
  DirectorResponse: DirectorResponseSchema,
  AuditEntryView: AuditEntryViewSchema,
  AuditResponse: AuditResponseSchema,
  AuditVerifyResponse: AuditVerifyResponseSchema,
  VerificationVoided: VerificationVoidedSchema,
  TaskVerificationView: TaskVerificationViewSchema,
  TaskVerificationsResponse: TaskVerificationsResponseSchema,
  FinalizeResponse: FinalizeResponseSchema,
  UnfinalizeResponse: UnfinalizeResponseSchema,
  RevealPrize: RevealPrizeSchema,
  RevealTeam: RevealTeamSchema,
  RevealStepData: RevealStepDataSchema,
  CeremonyStartResponse: CeremonyStartResponseSchema,
  CeremonyNextResponse: CeremonyNextResponseSchema,
  CeremonyStepView: CeremonyStepViewSchema,
  CeremonyView: CeremonyViewSchema,
  CeremonyTaskView: CeremonyTaskViewSchema,
  CeremonyResponse: CeremonyResponseSchema,
  RobustnessInterval: RobustnessIntervalSchema,
  RobustnessTeam: RobustnessTeamSchema,
  RobustnessNeighbours: RobustnessNeighboursSchema,
  RobustnessResponse: RobustnessResponseSchema,
  // Signed results
  ResultsRow: ResultsRowSchema,
  ResultsSubmission: ResultsSubmissionSchema,
  ResultsTask: ResultsTaskSchema,
  ResultsSignature: ResultsSignatureSchema,
  ResultsDocument: ResultsDocumentSchema,
} as const;

export type WireSchemaName = keyof typeof WIRE_SCHEMAS;

/** An OpenAPI 3.0 schema object as zod writes it. */
export type OpenApiSchemaObject = Record<string, unknown>;

/**
 * OpenAPI 3.0 `components.schemas`: one entry per wire schema; a schema used inside another is a
 * `$ref` to its own entry. Requests (`AnnouncementBody`, `SubscribeRequest`) are described as
 * they are accepted (input), answers as they are sent.
 */
export function openApiComponentSchemas(): Record<WireSchemaName, OpenApiSchemaObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(WIRE_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'openapi-3.0', uri: (id) => `#/components/schemas/${id}` });
  // OpenAPI 3.0 has no `$id`: a component is named by its key.
  const components: Record<string, OpenApiSchemaObject> = {};
  // The rest copies own enumerable members only (zod's `~standard` helper is not one).
  for (const [id, { $id: _id, ...schema }] of Object.entries(schemas)) components[id] = schema;
  return components as Record<WireSchemaName, OpenApiSchemaObject>;
}
