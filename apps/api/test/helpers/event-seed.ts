// Named builder for an event written straight to the database (no bundle involved), with every
// kind of secret the public API must never reveal: answer-key rows, token hashes, private scores.
import type { DataSource } from 'typeorm';
import { hashToken } from '../../src/common/security/token.js';
import { BlobEntity } from '../../src/modules/blobs/blob.entity.js';
import { AnswerCaseEntity } from '../../src/modules/events/answer-case.entity.js';
import { EventEntity } from '../../src/modules/events/event.entity.js';
import { TaskEntity } from '../../src/modules/events/task.entity.js';
import { ScoreEntity } from '../../src/modules/submissions/score.entity.js';
import { SubmissionEntity } from '../../src/modules/submissions/submission.entity.js';
import { TeamEntity } from '../../src/modules/teams/team.entity.js';

export const SECRETS = {
  caseId: 'SecretCase-7f3a',
  truth: 0.31415926535,
  teamToken: 'secret-team-token-of-owkin',
  privateScore: 0.27182818284,
  answerKeyCsv: 'id,split,status\nSecretCase-7f3a,private,1\n',
};

const MINUTE = 60_000;

/** An event "seeded" with tasks in each state at `now`: upcoming, open, frozen, closed. */
export async function seedEventWithSecrets(dataSource: DataSource, now: Date): Promise<{ eventSlug: string }> {
  const at = (minutes: number) => new Date(now.getTime() + minutes * MINUTE);
  const keyBytes = Buffer.from(SECRETS.answerKeyCsv);
  const blobSha = 'a'.repeat(64);
  await dataSource.getRepository(BlobEntity).save({ sha256: blobSha, bytes: keyBytes, size: keyBytes.length });
  const event = await dataSource.getRepository(EventEntity).save({
    slug: 'seeded',
    title: { en: 'Seeded event', fr: 'Événement semé' },
    timezone: 'Europe/Paris',
  });
  const schedules: Record<string, [number, number, number | null]> = {
    upcoming: [10, 70, null],
    open: [-10, 50, 40],
    frozen: [-60, 10, -5],
    closed: [-120, -60, -70],
  };
  const tasks: TaskEntity[] = [];
  for (const [position, [slug, [opens, closes, freeze]]] of Object.entries(schedules).entries()) {
    tasks.push(
      await dataSource.getRepository(TaskEntity).save({
        eventId: event.id,
        slug,
        position,
        titleEn: `Task ${slug}`,
        titleFr: `Tâche ${slug}`,
        opensAt: at(opens),
        closesAt: at(closes),
        freezeAt: freeze === null ? null : at(freeze),
        graceSeconds: 30,
        quotaSubmissions: slug === 'open' ? 10 : null,
        quotaPerMinutes: slug === 'open' ? 60 : null,
        leaderboardPolicy: 'best',
        precision: slug === 'open' ? 3 : null,
        maxUploadMb: null,
        submissionSpec: { table: { id: 'id', columns: { probability: { type: 'number', min: 0, max: 1 } } } },
        scores: [
          { name: 'auc', metric: 'auc', truth: 'status', prediction: 'probability' },
          { name: 'mse', metric: 'mse', truth: 'status', prediction: 'probability' },
        ],
        ranking: slug === 'closed' ? { method: 'rank_sum', tie_break: 'auc' } : null,
        answerKeySha256: blobSha,
        answerMasksSha256: null,
      }),
    );
  }
  await dataSource.getRepository(AnswerCaseEntity).save({
    taskId: tasks[1]!.id,
    position: 0,
    caseId: SECRETS.caseId,
    normalizedId: SECRETS.caseId.toLowerCase(),
    split: 'private',
    truth: { status: SECRETS.truth },
  });
  const team = await dataSource.getRepository(TeamEntity).save({
    eventId: event.id,
    slug: 'owkin',
    name: 'Owkin',
    category: 'industry',
    tokenHash: hashToken(SECRETS.teamToken),
    tokenRotatedAt: now,
  });
  const submission = await dataSource.getRepository(SubmissionEntity).save({
    taskId: tasks[1]!.id,
    teamId: team.id,
    status: 'scored',
    receivedAt: now,
    sha256: blobSha,
    size: keyBytes.length,
    fileName: 'predictions.csv',
    idempotencyKey: null,
    afterFreeze: false,
    problems: null,
    error: null,
    scoredAt: now,
    attempt: 1,
  });
  await dataSource.getRepository(ScoreEntity).save({
    submissionId: submission.id,
    name: 'auc',
    public: 0.5,
    private: SECRETS.privateScore,
    all: 0.6,
  });
  return { eventSlug: event.slug };
}
