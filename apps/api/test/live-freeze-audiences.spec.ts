// Freeze safety on the wire, per audience. Raw engine packets are captured: after freeze_at the
// public must receive nothing that carries a post-freeze score, rank, count or settle time;
// a team sees its own results; the jury sees everything.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FeedFrame, LeaderboardData } from '@podium/contracts';
import { JURY_SESSION_RESOLVER, type JurySessionResolver } from '../src/modules/live/jury-session.resolver.js';
import { predictions } from './submissions/round-seed.js';
import { assertChain, createLiveHarness, type LiveHarness, RawLiveClient, until } from './live/live-harness.js';

const MINUTE = 60_000;
const JURY_TOKEN = 'jury-session-token-for-tests';

const boards = (frames: FeedFrame[]): LeaderboardData[] => frames.flatMap((f) => (f.type === 'leaderboard' ? [f.data] : []));
const standings = (board: LeaderboardData) => board.rows.map((r) => [r.team.slug, r.rank, r.scores, r.submissions, r.lastSubmissionAt]);

describe('freeze and audiences on raw frames', () => {
  let h: LiveHarness;
  const start = new Date();
  const clients: RawLiveClient[] = [];
  const connect = (token?: string) => {
    const c = new RawLiveClient(h.url);
    clients.push(c);
    return c.subscribe({ event: h.round.eventSlug, ...(token ? { token } : {}) });
  };
  let publicClient: RawLiveClient;
  let teamClient: RawLiveClient;
  let juryClient: RawLiveClient;
  let frozenBoard: LeaderboardData;
  const postFreezeIds: string[] = [];
  let rawAtFreeze = 0;
  let framesAtFreeze = 0;
  let teamFramesAtFreeze = 0;

  beforeAll(async () => {
    h = await createLiveHarness({ teams: 3, now: start, freeze: 5 });
    const jury = h.t.app.get<JurySessionResolver>(JURY_SESSION_RESOLVER);
    vi.spyOn(jury, 'resolve').mockImplementation(async (token: string) =>
      token === JURY_TOKEN ? { member: 'chair', event: h.round.eventSlug, expiresAt: new Date(start.getTime() + 600 * MINUTE) } : null,
    );
    // Before the freeze: team-01 (AUC < 1) and team-02 (AUC 1).
    await h.submit(0, predictions(h.round, { flip: 2 })).expect(202);
    await h.submit(1, predictions(h.round)).expect(202);
    await h.settleLive();
    publicClient = connect();
    teamClient = connect(h.round.teams[0]!.token);
    juryClient = connect(JURY_TOKEN);
    await until(() => [publicClient, teamClient, juryClient].every((c) => c.snapshots.length === 1), 'three snapshots');
    expect(teamClient.snapshots[0]).toMatchObject({ audience: 'team', team: 'team-01' });
    expect(juryClient.snapshots[0]).toMatchObject({ audience: 'jury' });
    frozenBoard = publicClient.snapshots[0]!.tasks[0]!.leaderboard;

    // The freeze passes: the clock ticker logs it, every audience gets the clock and its board.
    h.setNow(new Date(start.getTime() + 6 * MINUTE));
    await until(() => publicClient.frames.some((f) => f.type === 'clock' && f.data.change === 'frozen'), 'frozen clock frame');
    await until(() => boards(publicClient.frames).some((b) => b.frozen), 'frozen board frame');
    rawAtFreeze = publicClient.raw.length;
    framesAtFreeze = publicClient.frames.length;
    teamFramesAtFreeze = teamClient.frames.length;
    // Then team-03 uploads a perfect file, team-01 improves to AUC 1 too.
    for (const [team, flip] of [[2, 0], [0, 0]] as const) {
      const res = await h.submit(team, predictions(h.round, { flip, salt: 7 })).expect(202);
      postFreezeIds.push(String(res.body.id));
    }
    await h.settleLive();
    await until(() => boards(juryClient.frames).some((b) => b.rows.find((r) => r.team.slug === 'team-03')?.rank === 1), 'jury board with team-03');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h?.t.close();
  });

  it('public: at the freeze the clock and the board as of freeze_at, then only "received" frames', () => {
    assertChain(publicClient.frames, publicClient.snapshots[0]!.seq);
    const atFreeze = boards(publicClient.frames);
    expect(atFreeze).toHaveLength(1);
    expect(atFreeze[0]!.frozen).toBe(true);
    expect(standings(atFreeze[0]!)).toEqual(standings(frozenBoard));
    const after = publicClient.frames.slice(framesAtFreeze);
    expect(after.map((f) => f.type)).toEqual(['submission.received', 'submission.received']);
    for (const f of after) expect(Object.keys(f.data).sort()).toEqual(['receivedAt', 'submissionId', 'task', 'team']);
    // Raw bytes after the freeze: no settle, no score field, no board, no count, no internal id.
    const wire = publicClient.raw.slice(rawAtFreeze).join('\n');
    expect(wire).toContain(postFreezeIds[0]);
    for (const word of ['settled', 'scored', '"scores"', '"rank"', '"submissions"', 'leaderboard', 'teamId', 'counted']) {
      expect(wire).not.toContain(word);
    }
  });

  it('public: a new subscriber (and a resume) gets the board as of freeze_at, never post-freeze results', async () => {
    const fresh = connect();
    const resumed = new RawLiveClient(h.url);
    clients.push(resumed);
    resumed.subscribe({ event: h.round.eventSlug, since: publicClient.snapshots[0]!.seq });
    await until(() => fresh.snapshots.length === 1 && resumed.snapshots.length === 1, 'snapshots');
    // A resume during a freeze is always a snapshot: whether a replay would carry a board could hint at results.
    expect(resumed.snapshots[0]!.reason).toBe('frozen');
    for (const c of [fresh, resumed]) {
      const snap = c.snapshots[0]!;
      const board = snap.tasks[0]!.leaderboard;
      expect(board.frozen).toBe(true);
      expect(standings(board)).toEqual(standings(frozenBoard));
      const recent = snap.recentSubmissions.filter((s) => postFreezeIds.includes(s.submissionId));
      expect(recent).toHaveLength(2);
      for (const s of recent) expect(s).toMatchObject({ outcome: 'pending', settledAt: null, scores: null, afterFreeze: true });
    }
    const rest = await request(h.t.server).get(`/api/events/${h.round.eventSlug}/tasks/${h.round.taskSlug}/leaderboard`).expect(200);
    expect(standings(fresh.snapshots[0]!.tasks[0]!.leaderboard)).toEqual(standings(rest.body as LeaderboardData));
  });

  it('team: its own post-freeze result in full, the public board, nothing of other teams', () => {
    const own = teamClient.frames.filter((f) => f.type === 'submission.scored');
    expect(own).toHaveLength(1);
    expect(own[0]!.data).toMatchObject({ submissionId: postFreezeIds[1], team: 'team-01', outcome: 'scored', scores: { auc: 1 } });
    expect(teamClient.frames.filter((f) => f.type === 'submission.settled')).toHaveLength(0);
    // The board it gets is the public one: only the freeze frame, identical standings.
    expect(boards(teamClient.frames).map(standings)).toEqual([standings(frozenBoard)]);
    expect(boards(teamClient.frames.slice(teamFramesAtFreeze))).toHaveLength(0);
    // Nothing of another team's submissions: not its result, not even its upload (only its row on
    // the public board), in frames, raw packets and snapshots.
    const others = teamClient.frames.filter((f) => f.type !== 'leaderboard' && JSON.stringify(f.data).includes('team-03'));
    expect(others).toHaveLength(0);
    expect(teamClient.frames.filter((f) => f.type.startsWith('submission.')).every((f) => (f.data as { team: string }).team === 'team-01')).toBe(true);
    expect(teamClient.raw.join('\n')).not.toContain(`"submissionId":"${postFreezeIds[0]}"`);
    expect(teamClient.snapshots[0]!.recentSubmissions.map((s) => s.team)).toEqual(['team-01']);
    assertChain(teamClient.frames, teamClient.snapshots[0]!.seq);
  });

  it('jury: every result and the live board', () => {
    const scored = juryClient.frames.filter((f) => f.type === 'submission.scored').map((f) => (f.data as { submissionId: string }).submissionId);
    expect(scored.sort()).toEqual([...postFreezeIds].sort());
    const last = boards(juryClient.frames).at(-1)!;
    expect(last.rows.filter((r) => r.rank === 1).map((r) => r.team.slug).sort()).toEqual(['team-01', 'team-02', 'team-03']);
    assertChain(juryClient.frames, juryClient.snapshots[0]!.seq);
  });
});
