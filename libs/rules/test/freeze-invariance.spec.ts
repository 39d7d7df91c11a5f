import { createRng } from '@podium/scoring';
import { describe, expect, it } from 'vitest';
import type { RoundSubmission, RoundTruth } from '../src/model/round.js';
import type { SubmissionStatus } from '../src/model/submission-status.js';
import { JURY, PUBLIC, teamAudience } from '../src/visibility/audience.js';
import { visibleRankHistory } from '../src/visibility/visible-rank-history.js';
import { visibleTaskState } from '../src/visibility/visible-task-state.js';
import { aRound, aSubmission, aTeam, at, sarcopeniaTask, splits } from './builders.js';

// Property: whatever happens after the freeze, the public bytes (and another team's) are the same.
// Many random rounds from a seeded generator, so a failure replays exactly.

const teams = Array.from({ length: 8 }, (_, i) => aTeam(`team-${i}`));
const task = sarcopeniaTask({ policy: 'best' });
const freezeMs = at('14:40').getTime();
const STATUSES: SubmissionStatus[] = ['queued', 'scoring', 'scored', 'scored', 'scored', 'rejected', 'failed'];

function randomRound(seed: number, postFreezeSeed: number): RoundTruth {
  const rnd = createRng(seed, 'freeze invariance').next;
  const post = createRng(postFreezeSeed, 'freeze invariance, after the freeze').next;
  const subs: RoundSubmission[] = [];
  for (let i = 0; i < 80; i++) {
    const team = teams[Math.floor(rnd() * teams.length)];
    // Times between 13:00 and 15:00, some exactly on the freeze instant.
    const ms = i % 17 === 0 ? freezeMs : at('13:00').getTime() + Math.floor(rnd() * 7_200_000);
    const after = ms > freezeMs;
    // Post-freeze outcomes come from their own stream, so the pre-freeze round is the same.
    const r = after ? post : rnd;
    const status = STATUSES[Math.floor(r() * STATUSES.length)];
    const scores = status === 'scored' ? { dice: splits(r(), r()), area_mse: splits(r() * 100, r() * 100) } : null;
    subs.push(aSubmission({ id: `s${i}`, team, at: new Date(ms), status, scores, scoredAt: status === 'scored' || status === 'rejected' || status === 'failed' ? new Date(ms + Math.floor(r() * 5000)) : null }));
  }
  return aRound(task, teams, subs);
}

describe('public and other-team views do not depend on anything after the freeze', () => {
  const now = at('14:59');
  it.each(Array.from({ length: 25 }, (_, i) => 1000 + i))('round %i', (seed) => {
    const a = randomRound(seed, 1);
    const b = randomRound(seed, 2);
    // Not vacuous: the two rounds really differ after the freeze (the jury sees it).
    expect(JSON.stringify(visibleTaskState(b, JURY, now))).not.toBe(JSON.stringify(visibleTaskState(a, JURY, now)));
    expect(JSON.stringify(visibleTaskState(b, PUBLIC, now))).toBe(JSON.stringify(visibleTaskState(a, PUBLIC, now)));
    expect(JSON.stringify(visibleRankHistory(b, PUBLIC, now))).toBe(JSON.stringify(visibleRankHistory(a, PUBLIC, now)));
    // Team 0 sees its own post-freeze results, which differ; its view of the board and of others does not.
    const viewA = visibleTaskState(a, teamAudience(teams[0].id), now);
    const viewB = visibleTaskState(b, teamAudience(teams[0].id), now);
    expect(JSON.stringify(viewB.leaderboard)).toBe(JSON.stringify(viewA.leaderboard));
    const others = (v: typeof viewA) => JSON.stringify(v.recentSubmissions.filter((s) => s.team !== teams[0].slug));
    expect(others(viewB)).toBe(others(viewA));
    for (const row of viewA.leaderboard.rows) {
      if (row.lastSubmissionAt) expect(Date.parse(row.lastSubmissionAt)).toBeLessThanOrEqual(freezeMs);
    }
  });
});
