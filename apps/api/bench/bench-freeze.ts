// `npm run bench:freeze`: what a public screen can time after freeze_at (issue 12, finding 2).
// The real app (PGlite) on a task frozen since a minute; a public socket.io client in a child
// process (its clock does not stall with the server). Uploads alternate a scored file and a
// rejected one (unknown ids), one at a time, each after the previous one settled; per outcome it
// prints how long after the upload was sent the public `submission.received` frame arrived
// (p50 / max) and the seq gap to the next upload's frame. Equal figures = nothing to tell apart.
// BENCH_FREEZE_UPLOADS (default 20, half of each).
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type FeedFrame, LIVE_MESSAGES, LIVE_NAMESPACE, type LiveFeedBatch } from '@podium/contracts';
import { io } from 'socket.io-client';

const UPLOADS = Number(process.env['BENCH_FREEZE_UPLOADS'] ?? 20);
const ADMIN = 'bench-freeze-admin-token-0123456789abcdef';
/** A clock both processes share. */
const sharedNow = () => performance.timeOrigin + performance.now();

if (process.argv[2] === '--client') {
  const socket = io(`${process.argv[3]}${LIVE_NAMESPACE}`, { transports: ['websocket'], forceNew: true });
  const onFrames = (frames: FeedFrame[]) => {
    for (const f of frames) process.send!({ at: sharedNow(), type: f.type, seq: f.seq, id: (f.data as { submissionId?: string }).submissionId ?? null });
  };
  socket.on(LIVE_MESSAGES.feed, (f: FeedFrame) => onFrames([f]));
  socket.on(LIVE_MESSAGES.batch, (b: LiveFeedBatch) => onFrames(b.frames));
  socket.on(LIVE_MESSAGES.snapshot, () => process.send!({ ready: true }));
  socket.emit(LIVE_MESSAGES.subscribe, { event: process.argv[4] });
} else {
  await main();
}

async function main(): Promise<void> {
  const { DataSource } = await import('typeorm');
  const { createApp } = await import('../src/app.factory.js');
  const { loadConfig } = await import('../src/config/app-config.js');
  const { SCORING_QUEUE } = await import('../src/modules/scoring-jobs/scoring-queue.js');
  const { LeaderboardRefresher } = await import('../src/modules/leaderboard/leaderboard-refresher.js');
  const { LiveHubsService } = await import('../src/modules/live/live-hubs.service.js');
  const { predictions, seedRound } = await import('../test/submissions/round-seed.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-bench-freeze-'));
  const config = {
    ...loadConfig({ PODIUM_DEMO: 'off', PODIUM_ADMIN_TOKEN: ADMIN, PODIUM_SCORING_THREADS: '1', PODIUM_REJECTED_UPLOADS_PER_MINUTE: '0' }),
    database: { kind: 'pglite' as const, dataDir },
  };
  const app = await createApp(config, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const round = await seedRound(app.get(DataSource), { now: new Date(), teams: 4, freeze: -1, eventSlug: 'bench-freeze' });
  const frames: { at: number; type: string; seq: number; id: string | null }[] = [];
  const child = fork(fileURLToPath(import.meta.url), ['--client', url, round.eventSlug], { execArgv: process.execArgv });
  await new Promise<void>((resolve) =>
    child.on('message', (m: { ready?: true; at?: number; type?: string; seq?: number; id?: string | null }) => {
      if (m.ready) resolve();
      else frames.push(m as (typeof frames)[number]);
    }),
  );
  const queue = app.get<{ idle(): Promise<void> }>(SCORING_QUEUE);
  const settle = async () => {
    await queue.idle();
    await app.get(LeaderboardRefresher).idle();
    await app.get(LiveHubsService).flush();
    await new Promise((r) => setTimeout(r, 300));
  };
  await settle(); // the freeze's own clock and board frames
  const before = frames.length;
  const results: { outcome: string; delayMs: number; seq: number }[] = [];
  for (let i = 0; i < UPLOADS; i++) {
    const rejected = i % 2 === 1;
    const team = round.teams[i % round.teams.length]!;
    const body = predictions(round, { salt: i + 1, ...(rejected ? { rows: (id: string, p: number) => `${id}-unknown,${p}` } : {}) });
    const sentAt = sharedNow();
    const res = await fetch(`${url}/api/events/${round.eventSlug}/tasks/${round.taskSlug}/submissions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${team.token}`, 'Content-Type': 'text/csv', 'X-File-Name': 'p.csv' },
      body,
    });
    const { id } = (await res.json()) as { id: string };
    await settle();
    const frame = frames.find((f) => f.type === 'submission.received' && f.id === id);
    if (!frame) throw new Error(`no public received frame for upload ${id}`);
    results.push({ outcome: rejected ? 'rejected' : 'scored', delayMs: frame.at - sentAt, seq: frame.seq });
  }
  const others = frames.slice(before).filter((f) => f.type !== 'submission.received').map((f) => f.type);
  console.log(`bench:freeze - ${UPLOADS} post-freeze uploads, alternately scored and rejected, one public client; other public frame types: ${others.length ? [...new Set(others)].join(', ') : 'none'}`);
  for (const outcome of ['scored', 'rejected']) {
    const mine = results.map((r, i) => ({ ...r, gap: results[i + 1] ? results[i + 1]!.seq - r.seq : null })).filter((r) => r.outcome === outcome);
    const delays = mine.map((r) => r.delayMs).sort((a, b) => a - b);
    const gaps = [...new Set(mine.flatMap((r) => (r.gap === null ? [] : [r.gap])))];
    console.log(
      `${outcome.padEnd(8)}  upload sent -> public received frame p50 ${delays[Math.floor(delays.length / 2)]!.toFixed(1)} ms  max ${delays.at(-1)!.toFixed(1)} ms  ` +
        `seq gap to the next upload's frame: ${gaps.join(', ')}`,
    );
  }
  child.kill();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
