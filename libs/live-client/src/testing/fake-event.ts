// Named builders for an event's public view, shared by client tests and screen demos.
import type { EventPublicView, TaskClock, TaskPublicView, TeamPublicView } from '@podium/contracts';

export function buildFakeTeams(names: string[]): TeamPublicView[] {
  return names.map((name, i) => ({
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
    name,
    category: i % 3 === 0 ? 'student' : null,
  }));
}

export function buildFakeClock(opensAt: Date, minutes: number, freezeMinutesBeforeClose: number | null): TaskClock {
  const closesAt = new Date(opensAt.getTime() + minutes * 60_000);
  const freezeAt = freezeMinutesBeforeClose === null ? null : new Date(closesAt.getTime() - freezeMinutesBeforeClose * 60_000);
  return { phase: 'open', opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), freezeAt: freezeAt?.toISOString() ?? null, frozen: false, frozenAt: null };
}

export function buildFakeTask(slug: string, title: { en: string; fr: string }, clock: TaskClock, score: { name: string; better: 'max' | 'min' }, precision = 3): TaskPublicView {
  return { slug, title, clock, precision, scores: [score], ranking: 'single', leaderboard: 'best', quota: { submissions: 5, perMinutes: 60 } };
}

export function buildFakeEvent(slug: string, teams: TeamPublicView[], tasks: TaskPublicView[]): EventPublicView {
  return {
    slug,
    title: { en: 'JFR Data Challenge - live round', fr: 'Data Challenge JFR - finale' },
    timezone: 'Europe/Paris',
    teams,
    tasks,
    serverTime: new Date().toISOString(),
  };
}
