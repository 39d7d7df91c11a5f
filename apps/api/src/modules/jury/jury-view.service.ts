// The whole truth for the jury: every split of every board side by side with the public board
// the screens show, every submission with its scores per split and its problems, each team's
// best-score history. Boards come from `@podium/rules` like every other view; only the jury
// sees disqualified teams and submissions (marked, never ranked).
import { Injectable } from '@nestjs/common';
import {
  JURY_SPLITS,
  jurySubmissionFilePath,
  type JuryBoardResponse,
  type JuryBoardRow,
  type JuryFlagView,
  type JurySplit,
  type JurySubmission,
  type JurySubmissionsResponse,
  type SplitScores,
  type TaskDetails,
  type TeamHistoryPoint,
  type TeamHistoryResponse,
  type TeamPublicView,
} from '@podium/contracts';
import { JURY, type JuryLeaderboardRow, PUBLIC, type RoundSubmission, type RoundTruth, selectSubmission, type VisibleLeaderboard, visibleLeaderboard } from '@podium/rules';
import { DataSource, In } from 'typeorm';
import { notFound } from '../../common/errors/domain-error.js';
import { EventsService } from '../events/events.service.js';
import { Clock } from '../../common/clock/clock.service.js';
import { RoundTruthRepository, type TaskRef } from '../leaderboard/round-truth.repository.js';
import { ScoreEntity } from '../submissions/score.entity.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { TeamEntity } from '../teams/team.entity.js';
import { JuryFlagEntity } from './jury-flag.entity.js';

const teamView = (t: Pick<TeamEntity, 'slug' | 'name' | 'category'>): TeamPublicView => ({ slug: t.slug, name: t.name, category: t.category });

export function flagView(flag: JuryFlagEntity, task: string, team: string): JuryFlagView {
  return {
    id: String(flag.id),
    submission: String(flag.submissionId),
    task,
    team,
    note: flag.note,
    by: flag.createdBy,
    at: flag.createdAt.toISOString(),
    status: flag.status,
    resolvedBy: flag.resolvedBy,
    resolvedAt: flag.resolvedAt?.toISOString() ?? null,
    resolution: flag.resolution,
  };
}

/** Every split's board of one task, computed once (what rank changes and `counted` compare). */
export interface SplitBoards {
  splits: Record<JurySplit, VisibleLeaderboard<JuryLeaderboardRow>>;
  /** The public board the screens show (frozen during a freeze). */
  screens: VisibleLeaderboard;
}

export function splitBoards(truth: RoundTruth, now: Date): SplitBoards {
  const splits = Object.fromEntries(JURY_SPLITS.map((split) => [split, visibleLeaderboard(truth, JURY, now, { split })])) as SplitBoards['splits'];
  return { splits, screens: visibleLeaderboard(truth, PUBLIC, now) };
}

/** Ranks per split (and on the screens' board) by team slug. */
export function ranksOf(boards: SplitBoards): Map<string, Record<JurySplit | 'screens', number | null>> {
  const ranks = new Map<string, Record<JurySplit | 'screens', number | null>>();
  const entry = (slug: string) => {
    let e = ranks.get(slug);
    if (!e) ranks.set(slug, (e = { public: null, private: null, all: null, screens: null }));
    return e;
  };
  for (const split of JURY_SPLITS) for (const row of boards.splits[split].rows) entry(row.team.slug)[split] = row.rank;
  for (const row of boards.screens.rows) entry(row.team.slug).screens = row.rank;
  return ranks;
}

@Injectable()
export class JuryViewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly truths: RoundTruthRepository,
    private readonly events: EventsService,
    private readonly clock: Clock,
  ) {}

  async task(eventSlug: string, taskSlug: string): Promise<TaskRef> {
    const ref = await this.truths.findTask(eventSlug, taskSlug);
    if (!ref) throw notFound('task', `No task "${taskSlug}" in event "${eventSlug}".`);
    return ref;
  }

  async board(eventSlug: string, taskSlug: string): Promise<JuryBoardResponse> {
    const ref = await this.task(eventSlug, taskSlug);
    const now = this.clock.now();
    const details = (await this.events.details(eventSlug, now)).tasks.find((t) => t.slug === taskSlug)!;
    const truth = await this.truths.load(ref);
    const boards = splitBoards(truth, now);
    const ranks = ranksOf(boards);
    const teams = await this.dataSource.getRepository(TeamEntity).find({ where: { eventId: ref.event.id }, order: { slug: 'ASC' } });
    const counts: { team_id: number; n: number; last: Date | string | null }[] = await this.dataSource.query(
      'SELECT team_id, count(*)::int AS n, max(received_at) AS last FROM submission WHERE task_id = $1 GROUP BY team_id',
      [ref.task.id],
    );
    const countOf = new Map(counts.map((c) => [c.team_id, c]));
    const bySplit = (split: JurySplit) => new Map(boards.splits[split].rows.map((r) => [r.team.slug, r]));
    const rowsBySplit = { public: bySplit('public'), private: bySplit('private'), all: bySplit('all') };
    const screens = new Map(boards.screens.rows.map((r) => [r.team.slug, r]));
    const empty = Object.fromEntries(details.scores.map((s) => [s.name, null])) as Record<string, number | null>;

    const rows: JuryBoardRow[] = teams.map((team) => {
      const r = ranks.get(team.slug) ?? { public: null, private: null, all: null, screens: null };
      const screen = screens.get(team.slug);
      const c = countOf.get(team.id);
      const disqualified = team.disqualification;
      const row: JuryBoardRow = {
        team: teamView(team),
        ranks: { public: r.public, private: r.private, all: r.all },
        scores: Object.fromEntries(JURY_SPLITS.map((s) => [s, rowsBySplit[s].get(team.slug)?.rank != null ? rowsBySplit[s].get(team.slug)!.scores : { ...empty }])) as SplitScores,
        points: Object.fromEntries(JURY_SPLITS.map((s) => [s, rowsBySplit[s].get(team.slug)?.points ?? null])) as Record<JurySplit, number | null>,
        submissions: Object.fromEntries(JURY_SPLITS.map((s) => [s, rowsBySplit[s].get(team.slug)?.bestSubmissionId ?? null])) as Record<JurySplit, string | null>,
        submissionCount: c?.n ?? 0,
        lastSubmissionAt: c?.last ? new Date(c.last).toISOString() : null,
        frozenRank: screen?.rank ?? null,
        frozenScores: screen && screen.rank !== null ? screen.scores : null,
        differs: !disqualified && JURY_SPLITS.some((s) => r[s] !== r.screens),
        disqualified: disqualified ?? null,
      };
      return row;
    });
    rows.sort(boardOrder);
    return {
      event: eventSlug,
      task: taskSlug,
      clock: details.clock,
      ranking: details.ranking,
      precision: details.precision,
      scores: details.scores,
      splits: [...JURY_SPLITS],
      rows,
      frozen: boards.screens.frozen,
      frozenAt: boards.screens.frozenAt,
      differs: rows.some((row) => row.differs),
      computedAt: now.toISOString(),
      serverTime: now.toISOString(),
    };
  }

  async submissions(eventSlug: string, filters: { task?: string; team?: string }): Promise<JurySubmissionsResponse> {
    const event = await this.events.details(eventSlug, this.clock.now());
    if (filters.task && !event.tasks.some((t) => t.slug === filters.task)) throw notFound('task', `No task "${filters.task}" in event "${eventSlug}".`);
    if (filters.team && !event.teams.some((t) => t.slug === filters.team)) throw notFound('team', `No team "${filters.team}" in event "${eventSlug}".`);
    const query = this.dataSource
      .getRepository(SubmissionEntity)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.task', 'task')
      .innerJoinAndSelect('s.team', 'team')
      .innerJoin('task.event', 'event')
      .where('event.slug = :eventSlug', { eventSlug })
      .orderBy('s.receivedAt', 'DESC')
      .addOrderBy('s.id', 'DESC');
    if (filters.task) query.andWhere('task.slug = :task', { task: filters.task });
    if (filters.team) query.andWhere('team.slug = :team', { team: filters.team });
    const entities = await query.getMany();
    return {
      event: eventSlug,
      task: filters.task ?? null,
      team: filters.team ?? null,
      submissions: await this.toJury(eventSlug, entities),
      serverTime: this.clock.now().toISOString(),
    };
  }

  async submission(eventSlug: string, id: string): Promise<JurySubmission> {
    const entity = await this.submissionEntity(eventSlug, id);
    return (await this.toJury(eventSlug, [entity]))[0]!;
  }

  /** The submission row of this event (404 for any other, or a malformed id). */
  async submissionEntity(eventSlug: string, id: string): Promise<SubmissionEntity> {
    const numeric = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
    const entity = Number.isNaN(numeric)
      ? null
      : await this.dataSource
          .getRepository(SubmissionEntity)
          .createQueryBuilder('s')
          .innerJoinAndSelect('s.task', 'task')
          .innerJoinAndSelect('s.team', 'team')
          .innerJoin('task.event', 'event')
          .where('s.id = :id AND event.slug = :eventSlug', { id: numeric, eventSlug })
          .getOne();
    if (!entity) throw notFound('submission', `No submission "${id}" in event "${eventSlug}".`);
    return entity;
  }

  /** Entities (with task and team joined) as the jury sees them. */
  async toJury(eventSlug: string, entities: SubmissionEntity[]): Promise<JurySubmission[]> {
    if (entities.length === 0) return [];
    const ids = entities.map((e) => e.id);
    const scores = await this.dataSource.getRepository(ScoreEntity).findBy({ submissionId: In(ids) });
    const flags = await this.dataSource.getRepository(JuryFlagEntity).find({ where: { submissionId: In(ids) }, order: { id: 'ASC' } });
    const now = this.clock.now();
    // `counted`: the submission representing its team on the live public split of its task.
    const counted = new Set<string>();
    for (const taskId of new Set(entities.map((e) => e.taskId))) {
      const ref = await this.truths.findTaskById(taskId);
      if (!ref) continue;
      const board = visibleLeaderboard(await this.truths.load(ref), JURY, now, { split: 'public' });
      for (const row of board.rows) if (row.bestSubmissionId) counted.add(row.bestSubmissionId);
    }
    return entities.map((e) => {
      const own = scores.filter((s) => s.submissionId === e.id);
      return {
        id: String(e.id),
        task: e.task!.slug,
        team: teamView(e.team!),
        status: e.status,
        receivedAt: e.receivedAt.toISOString(),
        settledAt: e.scoredAt?.toISOString() ?? null,
        fileName: e.fileName,
        size: e.size,
        sha256: e.sha256,
        scores: e.status === 'scored' ? splitScoresOf(own) : null,
        problems: e.status === 'rejected' ? (e.problems ?? []) : [],
        warnings: e.status === 'scored' ? (e.problems ?? []) : [],
        error: e.status === 'failed' ? e.error : null,
        afterFreeze: e.afterFreeze,
        counted: counted.has(String(e.id)),
        disqualified: e.disqualification ?? null,
        teamDisqualified: e.team!.disqualification !== null,
        flags: flags.filter((f) => f.submissionId === e.id).map((f) => flagView(f, e.task!.slug, e.team!.slug)),
        downloadUrl: jurySubmissionFilePath(eventSlug, String(e.id)),
      };
    });
  }

  /** How the team's best scores (per split, by the task's best/last policy) evolved. */
  async teamHistory(eventSlug: string, teamSlug: string, taskSlug: string | undefined): Promise<TeamHistoryResponse> {
    const event = await this.events.details(eventSlug, this.clock.now());
    const task: TaskDetails | undefined = taskSlug ? event.tasks.find((t) => t.slug === taskSlug) : event.tasks[0];
    if (!task) throw notFound('task', taskSlug ? `No task "${taskSlug}" in event "${eventSlug}".` : `Event "${eventSlug}" has no task.`);
    const ref = await this.task(eventSlug, task.slug);
    const team = await this.dataSource.getRepository(TeamEntity).findOneBy({ eventId: ref.event.id, slug: teamSlug });
    if (!team) throw notFound('team', `No team "${teamSlug}" in event "${eventSlug}".`);
    const truth = await this.truths.load(ref, { onlyTeam: team.id });
    const dq = new Set((await this.dataSource.getRepository(SubmissionEntity).find({ where: { teamId: team.id, taskId: ref.task.id }, select: { id: true, disqualification: true } })).filter((s) => s.disqualification).map((s) => String(s.id)));
    const scored = truth.submissions.filter((s) => s.teamId === String(team.id) && s.status === 'scored' && s.scores !== null && !dq.has(s.id));
    const points: TeamHistoryPoint[] = [];
    let last = '';
    for (let i = 0; i < scored.length; i++) {
      const prefix = scored.slice(0, i + 1);
      const best = Object.fromEntries(JURY_SPLITS.map((split) => [split, bestScores(truth, prefix, split)])) as SplitScores;
      const key = JSON.stringify(best);
      if (key === last) continue;
      last = key;
      points.push({ at: scored[i]!.receivedAt.toISOString(), submission: scored[i]!.id, scores: best });
    }
    return { event: eventSlug, task: task.slug, team: teamView(team), disqualified: team.disqualification ?? null, points };
  }

  async flags(eventId: number, status?: 'open' | 'resolved'): Promise<JuryFlagView[]> {
    const flags = await this.dataSource.getRepository(JuryFlagEntity).find({
      where: { eventId, ...(status ? { status } : {}) },
      relations: { submission: { task: true, team: true } },
      order: { id: 'ASC' },
    });
    return flags.map((f) => flagView(f, f.submission!.task!.slug, f.submission!.team!.slug));
  }
}

function boardOrder(a: JuryBoardRow, b: JuryBoardRow): number {
  if (!!a.disqualified !== !!b.disqualified) return a.disqualified ? 1 : -1;
  for (const split of ['private', 'all', 'public'] as const) {
    const ra = a.ranks[split];
    const rb = b.ranks[split];
    if (ra !== rb) {
      if (ra === null) return 1;
      if (rb === null) return -1;
      return ra - rb;
    }
  }
  return a.team.slug < b.team.slug ? -1 : a.team.slug > b.team.slug ? 1 : 0;
}

function splitScoresOf(rows: ScoreEntity[]): SplitScores {
  const out: SplitScores = { public: {}, private: {}, all: {} };
  for (const r of rows) {
    out.public[r.name] = r.public;
    out.private[r.name] = r.private;
    out.all[r.name] = r.all;
  }
  return out;
}

function bestScores(truth: RoundTruth, scored: RoundSubmission[], split: JurySplit): Record<string, number | null> {
  // `best` is judged on the split itself here: the history answers "how good was this team on X".
  const pick = selectSubmission(truth.task.policy, scored, truth.task, split);
  return Object.fromEntries(truth.task.scores.map((s) => [s.name, pick?.scores?.[s.name]?.[split] ?? null]));
}


