// The client against a real socket.io server speaking the /live protocol (FakeLiveServer).
import type { FeedFrame, LiveHealthStatus } from '@podium/contracts';
import { waitFor } from '@podium/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveFeedClient } from '../src/live-feed-client.js';
import { buildFakeClock, buildFakeEvent, buildFakeTask, buildFakeTeams } from '../src/testing/fake-event.js';
import { buildFakeLeaderboard } from '../src/testing/fake-leaderboard.js';
import { FakeLiveServer } from '../src/testing/fake-live-server.js';

const teams = buildFakeTeams(['Owkin', 'Therapixel', 'Incepto']);
const lung = buildFakeTask('lung', { en: 'Lung nodules', fr: 'Nodules pulmonaires' }, buildFakeClock(new Date('2019-10-12T11:00:00Z'), 120, 20), {
  name: 'auc',
  better: 'max',
});
const event = buildFakeEvent('jfr-2019', teams, [lung]);

let server: FakeLiveServer;
let client: LiveFeedClient;
let seen: FeedFrame[];
let statuses: LiveHealthStatus[];

function received(submissionNumber: number, team = teams[submissionNumber % teams.length].slug) {
  return server.append('submission.received', {
    submissionId: `s${submissionNumber}`,
    team,
    task: 'lung',
    receivedAt: new Date().toISOString(),
  });
}

function startClient(options: { offlineAfterMs?: number; event?: string; answerTimeoutMs?: number } = {}): LiveFeedClient {
  client = new LiveFeedClient({
    url: server.url,
    event: options.event ?? 'jfr-2019',
    answerTimeoutMs: options.answerTimeoutMs,
    reconnectionDelayMs: 50,
    reconnectionDelayMaxMs: 100,
    offlineAfterMs: options.offlineAfterMs ?? 5000,
  });
  client.on('frame', (f) => seen.push(f));
  client.on('health', (h) => {
    if (statuses.at(-1) !== h.status) statuses.push(h.status);
  });
  return client.connect();
}

async function startServer(options: { unansweredSubscribes?: number } = {}): Promise<void> {
  server = new FakeLiveServer({
    event,
    tasks: [{ task: 'lung', clock: lung.clock, leaderboard: buildFakeLeaderboard(lung, [], null, new Date().toISOString()) }],
    ...options,
  });
  await server.listen(0);
}

beforeEach(async () => {
  seen = [];
  statuses = [];
  await startServer();
});

afterEach(async () => {
  client?.close();
  await server.close();
});

describe('LiveFeedClient', () => {
  it('starts from a snapshot, then applies live frames in order', async () => {
    received(1);
    startClient();
    await waitFor(() => client.health.status === 'live', 'live');
    expect(client.seq).toBe(1);
    expect(client.state.recentSubmissions.map((s) => s.submissionId)).toEqual(['s1']);
    expect(client.state.event?.slug).toBe('jfr-2019');

    received(2);
    const standings = teams.map((team, i) => ({ team, scores: { auc: 0.7 + i / 100 }, submissions: 1, lastSubmissionAt: null }));
    server.append('leaderboard', buildFakeLeaderboard(lung, standings, null, new Date().toISOString()));
    await waitFor(() => client.seq === 3, 'seq 3');
    expect(seen.map((f) => f.seq)).toEqual([2, 3]);
    expect(client.state.tasks.lung.leaderboard.rows.map((r) => r.team.slug)).toEqual(['incepto', 'therapixel', 'owkin']);
    expect(client.health.transport).toBe('websocket');
  });

  it('resumes after a disconnect with since: no gap, no duplicate', async () => {
    startClient();
    await waitFor(() => client.health.status === 'live', 'live');
    received(1);
    await waitFor(() => client.seq === 1, 'seq 1');

    server.disconnectAll();
    // Events appended while the client is away must arrive through the replay, once each.
    received(2);
    received(3);
    await waitFor(() => client.seq === 3 && client.health.status === 'live', 'resume to seq 3');
    received(4);
    await waitFor(() => client.seq === 4, 'seq 4');

    expect(seen.map((f) => f.seq)).toEqual([1, 2, 3, 4]);
    expect(server.subscriptions.map((s) => s.since)).toEqual([undefined, 1]);
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(client.state.recentSubmissions.map((s) => s.submissionId)).toEqual(['s4', 's3', 's2', 's1']);
  });

  it('resumes across a server restart, goes offline when it lasts, and never duplicates', async () => {
    startClient({ offlineAfterMs: 300 });
    await waitFor(() => client.health.status === 'live', 'live');
    received(1);
    await waitFor(() => client.seq === 1, 'seq 1');

    await server.close();
    received(2); // written to the log (the database) while no server is listening
    await waitFor(() => client.health.status === 'offline', 'offline after 300 ms');
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'offline']);

    await server.listen();
    await waitFor(() => client.health.status === 'live', 'live again');
    received(3);
    await waitFor(() => client.seq === 3, 'seq 3');
    expect(seen.map((f) => f.seq)).toEqual([1, 2, 3]);
    expect(server.subscriptions.at(-1)?.since).toBe(1);
    expect(client.health.attempts).toBe(0);
  });

  it('ignores duplicates and treats a hole as a reason to take a fresh snapshot', async () => {
    startClient();
    await waitFor(() => client.health.status === 'live', 'live');
    received(1);
    await waitFor(() => client.seq === 1, 'seq 1');

    // s2 is written to the log but its frame is lost on the way.
    server.append('submission.received', { submissionId: 's2', team: 'owkin', task: 'lung', receivedAt: new Date().toISOString() }, { deliver: false });
    received(3);
    await waitFor(() => server.subscriptions.length === 2 && client.seq === 3, 'resync snapshot');
    expect(server.subscriptions[1].since).toBeUndefined();
    // s2 never arrived as a frame, but the snapshot holds it.
    expect(client.state.recentSubmissions.map((s) => s.submissionId)).toEqual(['s3', 's2', 's1']);
    expect(seen.map((f) => f.seq)).toEqual([1]);
  });

  it('applies a batch frame by frame, in order, with one state update', async () => {
    startClient();
    await waitFor(() => client.health.status === 'live', 'live');
    const states: number[] = [];
    client.on('state', (_s, cause) => cause === 'frame' && states.push(client.seq ?? -1));
    // One health update per message, already carrying the batch's last seq and a receipt time,
    // delivered before the state (a screen draws both together).
    const healths: [number | null, string | null, number][] = [];
    client.on('health', (h) => healths.push([h.lastSeq, h.lastUpdateAt, states.length]));
    const standings = teams.map((team, i) => ({ team, scores: { auc: 0.9 - i / 100 }, submissions: 1, lastSubmissionAt: null }));
    server.appendBatch([
      { type: 'submission.received', data: { submissionId: 's1', team: 'owkin', task: 'lung', receivedAt: new Date().toISOString() } },
      { type: 'announcement', data: { id: 'a1', text: { en: 'Coffee', fr: 'Café' }, level: 'info', publishedAt: new Date().toISOString(), until: null, withdrawn: false } },
      { type: 'leaderboard', data: buildFakeLeaderboard(lung, standings, null, new Date().toISOString()) },
    ]);
    await waitFor(() => client.seq === 3, 'seq 3');
    expect(seen.map((f) => [f.seq, f.prev])).toEqual([[1, 0], [2, 1], [3, 2]]);
    expect(states).toEqual([3]);
    expect(healths).toHaveLength(1);
    expect(healths[0][0]).toBe(3);
    expect(healths[0][1]).toBe(client.health.lastUpdateAt);
    expect(healths[0][1]).not.toBeNull();
    expect(healths[0][2]).toBe(0);
    expect(client.health.lastSeq).toBe(3);
    expect(client.state.recentSubmissions.map((s) => s.submissionId)).toEqual(['s1']);
    expect(client.state.announcements.map((a) => a.id)).toEqual(['a1']);
    expect(client.state.tasks.lung.leaderboard.rows[0]?.team.slug).toBe('owkin');
    // A batch replayed after a resume is all duplicates: nothing applied twice.
    server.disconnectAll();
    await waitFor(() => server.subscriptions.length === 2 && client.health.status === 'live', 'resumed');
    expect(server.subscriptions[1].since).toBe(3);
    expect(seen).toHaveLength(3);
  });

  it('treats a batch that starts after a hole as a reason to take a fresh snapshot', async () => {
    startClient();
    await waitFor(() => client.health.status === 'live', 'live');
    server.append('submission.received', { submissionId: 's1', team: 'owkin', task: 'lung', receivedAt: new Date().toISOString() }, { deliver: false });
    server.appendBatch([
      { type: 'submission.received', data: { submissionId: 's2', team: 'owkin', task: 'lung', receivedAt: new Date().toISOString() } },
      { type: 'submission.received', data: { submissionId: 's3', team: 'owkin', task: 'lung', receivedAt: new Date().toISOString() } },
    ]);
    await waitFor(() => server.subscriptions.length === 2 && client.seq === 3, 'resync snapshot');
    expect(server.subscriptions[1].since).toBeUndefined();
    expect(seen).toHaveLength(0);
    expect(client.state.recentSubmissions.map((s) => s.submissionId)).toEqual(['s3', 's2', 's1']);
  });

  it('detects a hole on a quiet feed through the heartbeat', async () => {
    startClient();
    await waitFor(() => client.health.status === 'live', 'live');
    received(1, 'owkin');
    await waitFor(() => client.seq === 1, 'seq 1');
    server.append('submission.received', { submissionId: 's2', team: 'owkin', task: 'lung', receivedAt: new Date().toISOString() }, { deliver: false });
    server.sendHeartbeat();
    await waitFor(() => client.seq === 2, 'snapshot after heartbeat');
    expect(server.subscriptions.map((s) => s.since)).toEqual([undefined, undefined]);
    expect(client.health.lastUpdateAt).not.toBeNull();
  });

  it('sends its subscribe again when the server never answers it, and stops once answered', async () => {
    await server.close();
    await startServer({ unansweredSubscribes: 2 });
    received(1);
    startClient({ answerTimeoutMs: 100 });
    await waitFor(() => client.health.status === 'live', 'live after two unanswered subscribes');
    expect(client.seq).toBe(1);
    expect(server.subscriptions).toHaveLength(3);
    // Answered: no further subscribe, whatever the time (several timeouts later).
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.subscriptions).toHaveLength(3);
  });

  it('stops and reports an unknown event instead of retrying forever', async () => {
    startClient({ event: 'no-such-event' });
    await waitFor(() => client.health.status === 'offline' && client.health.error !== null, 'offline with error');
    expect(client.health.error?.code).toBe('event.not_found');
    expect(statuses).toEqual(['connecting', 'offline']);
  });

  it('falls back to long-polling when websocket is not available', async () => {
    client = new LiveFeedClient({ url: server.url, event: 'jfr-2019', transports: ['polling'] }).connect();
    await waitFor(() => client.health.status === 'live', 'live over polling');
    expect(client.health.transport).toBe('polling');
  });
});
