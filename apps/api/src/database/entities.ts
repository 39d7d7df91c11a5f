// Every entity of the schema, in one list for the data source and the drift test.
import { AuditEntryEntity } from '../modules/audit/audit-entry.entity.js';
import { BlobEntity } from '../modules/blobs/blob.entity.js';
import { AnswerCaseEntity } from '../modules/events/answer-case.entity.js';
import { EventSigningKeyEntity } from '../modules/events/event-signing-key.entity.js';
import { EventEntity } from '../modules/events/event.entity.js';
import { TaskEntity } from '../modules/events/task.entity.js';
import { FeedEventEntity } from '../modules/feed/feed-event.entity.js';
import { CeremonyEntity } from '../modules/jury/ceremony.entity.js';
import { JuryFlagEntity } from '../modules/jury/jury-flag.entity.js';
import { JuryMemberEntity } from '../modules/jury/jury-member.entity.js';
import { JurySessionEntity } from '../modules/jury/jury-session.entity.js';
import { TaskVerificationEntity } from '../modules/jury/task-verification.entity.js';
import { LeaderboardSnapshotEntity } from '../modules/leaderboard/leaderboard-snapshot.entity.js';
import { AppSettingEntity } from '../modules/settings/app-setting.entity.js';
import { CaseValuesEntity } from '../modules/submissions/case-values.entity.js';
import { ScoreEntity } from '../modules/submissions/score.entity.js';
import { SubmissionEntity } from '../modules/submissions/submission.entity.js';
import { TeamEntity } from '../modules/teams/team.entity.js';

export const ENTITIES = [
  EventEntity,
  TaskEntity,
  TeamEntity,
  JuryMemberEntity,
  JurySessionEntity,
  JuryFlagEntity,
  TaskVerificationEntity,
  CeremonyEntity,
  AnswerCaseEntity,
  BlobEntity,
  SubmissionEntity,
  CaseValuesEntity,
  ScoreEntity,
  LeaderboardSnapshotEntity,
  AuditEntryEntity,
  FeedEventEntity,
  AppSettingEntity,
  EventSigningKeyEntity,
];
