// Named builders for submission tests: a task with a real answer key (stored as a blob, as an
// import does), teams with known tokens, and prediction files of a chosen quality.
import type { LeaderboardPolicy } from '@podium/contracts';
import type { RankingSpec, ScoreSpec, SubmissionSpec } from '@podium/scoring';
import type { DataSource } from 'typeorm';
import { hashToken } from '../../src/common/security/token.js';
import { BlobRepository } from '../../src/modules/blobs/blob.repository.js';
import { EventEntity } from '../../src/modules/events/event.entity.js';
import { TaskEntity } from '../../src/modules/events/task.entity.js';
import { TeamEntity } from '../../src/modules/teams/team.entity.js';

const MINUTE = 60_000;

export interface RoundOptions {
  now: Date;
  eventSlug?: string;
  taskSlug?: string;
  /** Minutes relative to `now`. */
  opens?: number;
  closes?: number;
  freeze?: number | null;
  graceSeconds?: number;
  quota?: { submissions: number; perMinutes: number } | null;
  policy?: LeaderboardPolicy;
  teams?: number;
  cases?: number;
  /** Default: one AUC score. `auc+mse` adds an MSE score ranked by rank sum. */
  scoring?: 'auc' | 'mse' | 'auc+mse';
  maxUploadMb?: number | null;
}

export interface SeededRound {
  eventSlug: string;
  taskSlug: string;
  taskId: number;
  teams: { id: number; slug: string; token: string }[];
  /** Truth labels by case index (0/1). */
  truth: number[];
  caseIds: string[];
}

export const teamToken = (i: number) => `token-of-team-${String(i).padStart(2, '0')}-0123456789abcdef`;

export async function seedRound(dataSource: DataSource, options: RoundOptions): Promise<SeededRound> {
  const at = (minutes: number) => new Date(options.now.getTime() + minutes * MINUTE);
  const cases = options.cases ?? 20;
  const caseIds = Array.from({ length: cases }, (_, i) => `Case${i + 1}`);
  // Alternate labels and splits so both splits hold both classes.
  const truth = caseIds.map((_, i) => (i % 4 < 2 ? 1 : 0));
  const key = ['id,split,y', ...caseIds.map((id, i) => `${id},${i % 2 === 0 ? 'public' : 'private'},${truth[i]}`)].join('\n') + '\n';
  const blobs = new BlobRepository(dataSource);
  const keySha = await blobs.put(new TextEncoder().encode(key));
  const eventSlug = options.eventSlug ?? 'round';
  const event =
    (await dataSource.getRepository(EventEntity).findOneBy({ slug: eventSlug })) ??
    (await dataSource.getRepository(EventEntity).save({ slug: eventSlug, title: { en: 'Round', fr: 'Manche' }, timezone: 'Europe/Paris' }));
  const scoring = options.scoring ?? 'auc';
  const scores: ScoreSpec[] = [];
  if (scoring !== 'mse') scores.push({ name: 'auc', metric: 'auc', truth: 'y', prediction: 'p' });
  if (scoring !== 'auc') scores.push({ name: 'mse', metric: 'mse', truth: 'y', prediction: 'p' });
  const ranking: RankingSpec | null = scoring === 'auc+mse' ? { method: 'rank_sum', tie_break: 'auc' } : null;
  const submissionSpec: SubmissionSpec = { table: { id: 'id', columns: { p: { type: 'number', min: 0, max: 1 } } } };
  const quota = options.quota === undefined ? null : options.quota;
  const task = await dataSource.getRepository(TaskEntity).save({
    eventId: event.id,
    slug: options.taskSlug ?? 'lung',
    position: 0,
    titleEn: 'Lung',
    titleFr: 'Poumon',
    opensAt: at(options.opens ?? -10),
    closesAt: at(options.closes ?? 60),
    freezeAt: options.freeze === undefined || options.freeze === null ? null : at(options.freeze),
    graceSeconds: options.graceSeconds ?? 0,
    quotaSubmissions: quota?.submissions ?? null,
    quotaPerMinutes: quota?.perMinutes ?? null,
    leaderboardPolicy: options.policy ?? 'best',
    precision: 3,
    maxUploadMb: options.maxUploadMb ?? null,
    submissionSpec,
    scores,
    ranking,
    answerKeySha256: keySha,
    answerMasksSha256: null,
  });
  const teams: SeededRound['teams'] = [];
  const existing = await dataSource.getRepository(TeamEntity).countBy({ eventId: event.id });
  for (let i = existing; i < existing + (options.teams ?? 3); i++) {
    const token = teamToken(i + 1);
    const slug = `team-${String(i + 1).padStart(2, '0')}`;
    const team = await dataSource.getRepository(TeamEntity).save({
      eventId: event.id,
      slug,
      name: `Team ${i + 1}`,
      category: null,
      tokenHash: hashToken(token),
      tokenRotatedAt: options.now,
    });
    teams.push({ id: team.id, slug, token });
  }
  return { eventSlug, taskSlug: task.slug, taskId: task.id, teams, truth, caseIds };
}

/**
 * A prediction CSV: positives 0.9, negatives 0.1 (AUC 1), except the first `2 * flip` cases,
 * which are inverted (each pair lowers the AUC). `salt` changes the bytes, not the scores' order.
 */
export function predictions(round: SeededRound, options: { flip?: number; salt?: number; rows?: (id: string, p: number) => string } = {}): string {
  const flip = options.flip ?? 0;
  const salt = options.salt ?? 0;
  const lines = round.caseIds.map((id, i) => {
    let p = round.truth[i] === 1 ? 0.9 : 0.1;
    if (i < flip * 2) p = 1 - p;
    const value = (p + salt * 1e-9).toFixed(10);
    return options.rows ? options.rows(id, Number(value)) : `${id},${value}`;
  });
  return ['id,p', ...lines].join('\n') + '\n';
}
