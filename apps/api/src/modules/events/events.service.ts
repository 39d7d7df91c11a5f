import { Injectable } from '@nestjs/common';
import type { EventDetails, EventSummary, TaskDetails, TeamPublicView } from '@podium/contracts';
import { isFrozenAt, taskPhase } from '@podium/rules';
import { scoreDirection } from '@podium/scoring';
import { notFound } from '../../common/errors/domain-error.js';
import type { TeamEntity } from '../teams/team.entity.js';
import { EventSigningKeys } from './event-signing-keys.js';
import { EventsRepository } from './events.repository.js';
import { isRevealed, type TaskEntity } from './task.entity.js';

/** Decimals shown when the organiser did not set `precision`. */
export const DEFAULT_PRECISION = 4;

/**
 * Public views of events. Built field by field from the entities (never by spreading them), so
 * answer keys, token hashes and private values cannot leak by accident.
 */
@Injectable()
export class EventsService {
  constructor(
    private readonly events: EventsRepository,
    private readonly signingKeys: EventSigningKeys,
  ) {}

  async list(): Promise<EventSummary[]> {
    return (await this.events.list()).map((event) => ({ slug: event.slug, title: event.title }));
  }

  async details(slug: string, now = new Date()): Promise<EventDetails> {
    const found = await this.events.findWithChildren(slug);
    if (!found) throw notFound('event', `No event with slug "${slug}".`);
    return {
      slug: found.event.slug,
      title: found.event.title,
      timezone: found.event.timezone,
      teams: found.teams.map(teamView),
      tasks: found.tasks.map((task) => taskView(task, now)),
      resultsPublicKey: await this.signingKeys.publicKey(found.event),
      serverTime: now.toISOString(),
    };
  }
}

function teamView(team: TeamEntity): TeamPublicView {
  return { slug: team.slug, name: team.name, category: team.category };
}

function taskView(task: TaskEntity, now: Date): TaskDetails {
  const state = taskPhase(task, now);
  // Once the official ceremony revealed the task, its public board is the final one, unfrozen.
  const revealed = isRevealed(task);
  const frozen = isFrozenAt(task, now) && !revealed;
  return {
    slug: task.slug,
    title: { en: task.titleEn, fr: task.titleFr },
    state,
    clock: {
      // The live contract keeps "frozen" as a flag beside the phase (a closed board stays frozen).
      phase: revealed ? 'final' : state === 'frozen' ? 'open' : state,
      opensAt: task.opensAt.toISOString(),
      closesAt: task.closesAt.toISOString(),
      freezeAt: task.freezeAt?.toISOString() ?? null,
      frozen,
      frozenAt: frozen ? task.freezeAt!.toISOString() : null,
    },
    graceSeconds: task.graceSeconds,
    precision: task.precision ?? DEFAULT_PRECISION,
    scores: task.scores.map((score) => ({ name: score.name, better: scoreDirection(score) === 'higher' ? 'max' : 'min' })),
    ranking: task.ranking?.method ?? 'single',
    leaderboard: task.leaderboardPolicy,
    quota:
      task.quotaSubmissions !== null && task.quotaPerMinutes !== null
        ? { submissions: task.quotaSubmissions, perMinutes: task.quotaPerMinutes }
        : null,
  };
}
