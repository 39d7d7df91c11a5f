import type { FeedEvent, LiveSnapshot } from '@podium/contracts';
import { LIVE_RECENT_SUBMISSIONS } from '@podium/contracts';
import { describe, expect, it } from 'vitest';
import { activeAnnouncements, applyFeedEvent, stateFromSnapshot } from './live-state.js';
import { buildFakeClock, buildFakeEvent, buildFakeTask, buildFakeTeams } from './testing/fake-event.js';
import { buildFakeLeaderboard } from './testing/fake-leaderboard.js';

const teams = buildFakeTeams(['Owkin', 'Incepto']);
const lung = buildFakeTask('lung', { en: 'Lung', fr: 'Poumon' }, buildFakeClock(new Date('2019-10-12T11:00:00Z'), 120, 20), { name: 'auc', better: 'max' });
const at = '2019-10-12T12:00:00.000Z';

function snapshot(): LiveSnapshot {
  return {
    seq: 10,
    reason: 'initial',
    audience: 'public',
    team: null,
    event: buildFakeEvent('jfr', teams, [lung]),
    tasks: [],
    recentSubmissions: [],
    announcements: [],
    serverTime: at,
  };
}

function frame<E extends FeedEvent>(type: E['type'], data: E['data'], seq = 11): FeedEvent {
  return { seq, type, at, event: 'jfr', data } as FeedEvent;
}

describe('applyFeedEvent', () => {
  it('turns a pending ticker item into its result, in place', () => {
    let state = stateFromSnapshot(snapshot());
    state = applyFeedEvent(state, frame('submission.received', { submissionId: 's1', team: 'owkin', task: 'lung', receivedAt: at }));
    state = applyFeedEvent(state, frame('submission.received', { submissionId: 's2', team: 'incepto', task: 'lung', receivedAt: at }));
    state = applyFeedEvent(
      state,
      frame('submission.settled', { submissionId: 's1', team: 'owkin', task: 'lung', settledAt: at, outcome: 'scored', scores: { auc: 0.91 }, counted: true }),
    );
    expect(state.recentSubmissions.map((s) => [s.submissionId, s.outcome, s.scores?.auc ?? null])).toEqual([
      ['s2', 'pending', null],
      ['s1', 'scored', 0.91],
    ]);
  });

  it('keeps the newest submissions first, each once, capped, and never mutates the previous state', () => {
    let state = stateFromSnapshot(snapshot());
    const received = (id: string) => frame('submission.received', { submissionId: id, team: 'owkin', task: 'lung', receivedAt: at });
    for (let i = 1; i <= LIVE_RECENT_SUBMISSIONS + 5; i++) state = applyFeedEvent(state, received(`s${i}`));
    expect(state.recentSubmissions).toHaveLength(LIVE_RECENT_SUBMISSIONS);
    expect(state.recentSubmissions[0].submissionId).toBe(`s${LIVE_RECENT_SUBMISSIONS + 5}`);
    expect(state.recentSubmissions.at(-1)?.submissionId).toBe('s6');

    // The same submission received again moves to the top without a twin.
    const before = state;
    const beforeIds = before.recentSubmissions.map((s) => s.submissionId);
    state = applyFeedEvent(state, received('s10'));
    expect(state.recentSubmissions.map((s) => s.submissionId).filter((id) => id === 's10')).toHaveLength(1);
    expect(state.recentSubmissions[0].submissionId).toBe('s10');
    expect(state.recentSubmissions).toHaveLength(LIVE_RECENT_SUBMISSIONS);

    // A result for a listed submission replaces it in place; an unknown one goes on top.
    state = applyFeedEvent(
      state,
      frame('submission.settled', { submissionId: 's20', team: 'owkin', task: 'lung', settledAt: at, outcome: 'failed', scores: null, counted: false }),
    );
    state = applyFeedEvent(
      state,
      frame('submission.settled', { submissionId: 'gone', team: 'owkin', task: 'lung', settledAt: at, outcome: 'scored', scores: { auc: 0.5 }, counted: true }),
    );
    const ids = state.recentSubmissions.map((s) => s.submissionId);
    expect(ids[0]).toBe('gone');
    expect(ids.indexOf('s20')).toBe(beforeIds.filter((id) => id !== 's10').indexOf('s20') + 2);
    expect(state.recentSubmissions.find((s) => s.submissionId === 's20')?.outcome).toBe('failed');
    expect(new Set(ids).size).toBe(LIVE_RECENT_SUBMISSIONS);
    expect(before.recentSubmissions.map((s) => s.submissionId)).toEqual(beforeIds);
    expect(before.recentSubmissions.every((s) => s.outcome === 'pending')).toBe(true);
  });

  it('attaches a leaderboard to a task known from the event view, and a clock change to both', () => {
    let state = stateFromSnapshot(snapshot());
    const board = buildFakeLeaderboard(lung, [{ team: teams[0], scores: { auc: 0.8 }, submissions: 1, lastSubmissionAt: at }], null, at);
    state = applyFeedEvent(state, frame('leaderboard', board));
    expect(state.tasks.lung.leaderboard.rows[0].team.slug).toBe('owkin');
    const frozenClock = { ...lung.clock, frozen: true, frozenAt: at };
    state = applyFeedEvent(state, frame('clock', { task: 'lung', change: 'frozen', clock: frozenClock }));
    expect(state.tasks.lung.clock.frozen).toBe(true);
    expect(state.event?.tasks[0].clock.frozenAt).toBe(at);
  });

  it('ignores a board for an unknown task and unknown event types', () => {
    const state = stateFromSnapshot(snapshot());
    const board = buildFakeLeaderboard({ ...lung, slug: 'ghost' }, [], null, at);
    expect(applyFeedEvent(state, frame('leaderboard', board))).toBe(state);
    expect(applyFeedEvent(state, { ...frame('clock', {} as never), type: 'from.the.future' } as unknown as FeedEvent)).toBe(state);
  });

  it('shows announcements until withdrawn or expired', () => {
    let state = stateFromSnapshot(snapshot());
    const text = { en: 'Lunch', fr: 'Déjeuner' };
    state = applyFeedEvent(state, frame('announcement', { id: 'a', text, level: 'info', publishedAt: at, until: '2019-10-12T12:10:00Z', withdrawn: false }));
    state = applyFeedEvent(state, frame('announcement', { id: 'b', text, level: 'urgent', publishedAt: at, until: null, withdrawn: false }));
    expect(activeAnnouncements(state, Date.parse('2019-10-12T12:05:00Z')).map((a) => a.id)).toEqual(['a', 'b']);
    expect(activeAnnouncements(state, Date.parse('2019-10-12T12:15:00Z')).map((a) => a.id)).toEqual(['b']);
    state = applyFeedEvent(state, frame('announcement', { id: 'b', text, level: 'urgent', publishedAt: at, until: null, withdrawn: true }));
    expect(state.announcements.map((a) => a.id)).toEqual(['a']);
  });

  it('holds what the director pinned, from the snapshot and from director frames, until released', () => {
    const pinned = { scene: 'race' as const, task: 'lung', lang: 'en' as const, pinnedAt: at, by: 'alice' };
    expect(stateFromSnapshot(snapshot()).director).toBeNull();
    let state = stateFromSnapshot({ ...snapshot(), director: pinned });
    expect(state.director).toEqual(pinned);
    state = applyFeedEvent(state, frame('director', { director: { ...pinned, scene: 'overview', task: null } }));
    expect(state.director).toMatchObject({ scene: 'overview', task: null });
    state = applyFeedEvent(state, frame('director', { director: null }));
    expect(state.director).toBeNull();
  });
});

describe('buildFakeLeaderboard', () => {
  it('shares ranks on ties and reports movements and a new leader', () => {
    const three = buildFakeTeams(['A', 'B', 'C']);
    const first = buildFakeLeaderboard(lung, three.map((team, i) => ({ team, scores: { auc: [0.9, 0.8, 0.8][i] }, submissions: 1, lastSubmissionAt: at })), null, at);
    expect(first.rows.map((r) => r.rank)).toEqual([1, 2, 2]);
    const second = buildFakeLeaderboard(lung, three.map((team, i) => ({ team, scores: { auc: [0.9, 0.8, 0.95][i] }, submissions: 1, lastSubmissionAt: at })), first.rows, at);
    expect(second.rows.map((r) => [r.team.slug, r.rank, r.movement?.kind])).toEqual([
      ['c', 1, 'up'],
      ['a', 2, 'down'],
      ['b', 3, 'down'],
    ]);
    expect(second.movements.newLeader).toEqual({ team: 'c', previous: 'a' });
  });

  it('ranks a two-score task by rank sum, ties broken by the first score', () => {
    const task = { ...lung, ranking: 'rank_sum' as const, scores: [{ name: 'dice', better: 'max' as const }, { name: 'mse', better: 'min' as const }] };
    const three = buildFakeTeams(['A', 'B', 'C']);
    const values = [{ dice: 0.9, mse: 30 }, { dice: 0.8, mse: 10 }, { dice: 0.7, mse: 20 }];
    const board = buildFakeLeaderboard(task, three.map((team, i) => ({ team, scores: values[i], submissions: 1, lastSubmissionAt: at })), null, at);
    // points: A 1+3=4, B 2+1=3, C 3+2=5
    expect(board.rows.map((r) => [r.team.slug, r.rank, r.points])).toEqual([['b', 1, 3], ['a', 2, 4], ['c', 3, 5]]);
    const tied = buildFakeLeaderboard(task, three.slice(0, 2).map((team, i) => ({ team, scores: [{ dice: 0.9, mse: 20 }, { dice: 0.8, mse: 10 }][i], submissions: 1, lastSubmissionAt: at })), null, at);
    expect(tied.rows.map((r) => [r.team.slug, r.rank, r.points])).toEqual([['a', 1, 3], ['b', 2, 3]]);
  });
});

describe('ceremony reveals', () => {
  const step = (ceremony: string, n: number, rehearsal = false) => ({
    task: 'lung',
    step: n,
    team: 'owkin',
    rank: 1,
    scores: { auc: 0.9 },
    ceremony,
    rehearsal,
    prize: null,
    place: n,
    teams: [],
    exAequo: false,
    winner: false,
    last: false,
  });
  const started = (ceremony: string, rehearsal = false) => frame('reveal.started', { task: 'lung', steps: null, ceremony, rehearsal });

  it('keeps the official ceremony and a rehearsal apart, and names the task being revealed', () => {
    let state = stateFromSnapshot(snapshot());
    for (const f of [started('1'), frame('reveal.step', step('1', 1)), started('2', true), frame('reveal.step', step('2', 1, true)), frame('reveal.step', step('2', 2, true))]) state = applyFeedEvent(state, f);
    expect(state.reveals['lung']!.revealed.map((s) => s.step)).toEqual([1]);
    expect(state.rehearsals['lung']!.revealed.map((s) => s.step)).toEqual([1, 2]);
    expect(state.currentReveal).toEqual({ official: 'lung', rehearsal: 'lung' });
  });

  it('a new ceremony replaces the old one; a stopped one is dropped; a repeated step is kept once', () => {
    let state = stateFromSnapshot(snapshot());
    for (const f of [started('1'), frame('reveal.step', step('1', 1)), frame('reveal.step', step('1', 1)), started('3'), frame('reveal.step', step('3', 1))]) state = applyFeedEvent(state, f);
    expect(state.reveals['lung']).toMatchObject({ ceremony: '3', revealed: [{ step: 1, ceremony: '3' }] });
    state = applyFeedEvent(state, frame('reveal.finished', { task: 'lung', ceremony: '3', rehearsal: false, aborted: true }));
    expect(state.reveals).toEqual({});
    expect(state.currentReveal.official).toBeNull();
  });

  it('takes the revealed steps from a snapshot (a screen opened mid-ceremony)', () => {
    const state = stateFromSnapshot({ ...snapshot(), reveals: [{ task: 'lung', ceremony: '1', rehearsal: false, steps: null, revealed: [step('1', 1)], finished: false }] });
    expect(state.reveals['lung']!.revealed).toHaveLength(1);
    expect(state.currentReveal).toEqual({ official: 'lung', rehearsal: null });
  });
});
