// Named builders for screen tests: a JFR-like event and boards, from the live-client fixtures.
import type { LeaderboardData, LeaderboardRow, LiveHealth, TaskPublicView } from '@podium/contracts';
import { buildFakeClock, buildFakeEvent, buildFakeLeaderboard, buildFakeTask, buildFakeTeams } from '@podium/live-client/testing';

export const T0 = Date.parse('2019-10-12T12:00:00Z');

export function teamNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `Team ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ''}`);
}

export function lungTask(overrides: Partial<TaskPublicView> = {}): TaskPublicView {
  return {
    ...buildFakeTask('lung', { en: 'Lung nodules', fr: 'Nodules pulmonaires' }, buildFakeClock(new Date(T0 - 60 * 60_000), 120, 20), { name: 'auc', better: 'max' }),
    ...overrides,
  };
}

export function boardFor(task: TaskPublicView, teams: number, previous: LeaderboardRow[] | null = null, shift = 0): LeaderboardData {
  const list = buildFakeTeams(teamNames(teams));
  return buildFakeLeaderboard(
    task,
    list.map((team, i) => ({ team, scores: { auc: 0.6 + ((i + shift) % teams) / 100 }, submissions: 1 + (i % 3), lastSubmissionAt: new Date(T0).toISOString() })),
    previous,
    new Date(T0).toISOString(),
  );
}

export function eventWith(tasks: TaskPublicView[], teams = 20) {
  return buildFakeEvent('jfr-2019', buildFakeTeams(teamNames(teams)), tasks);
}

export function health(status: LiveHealth['status'], since = T0, lastUpdateAt: number | null = T0): LiveHealth {
  return { status, since: new Date(since).toISOString(), lastUpdateAt: lastUpdateAt === null ? null : new Date(lastUpdateAt).toISOString(), lastSeq: 1, transport: 'websocket', attempts: 0, error: null };
}
