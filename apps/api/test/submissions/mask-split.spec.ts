// A mask zip that arrives while several scoring workers idle is split across them (ScoringPool):
// the outcome is the one a single worker gives on the whole file - scores, per-case values,
// rejections - and a split happens only when it can help. Real worker threads, no timings.
import { beforeAll, describe, expect, it } from 'vitest';
import { ScoringPool } from '../../src/modules/scoring-jobs/scoring-pool.js';
import { keyFiles, ref, spec, teamZip, warmKey } from './sarcopenia-key.js';

describe('a mask zip split across idle scoring workers', () => {
  // Never closed: idle threads are unref'd and end with the process (see sharedScoringPool).
  const split = new ScoringPool(2, { splitMinBytes: 0 });
  const single = new ScoringPool(1);
  const score = (pool: ScoringPool, bytes: Uint8Array) => pool.score({ spec, key: ref, fileName: 'team.zip', bytes }, async () => keyFiles);

  beforeAll(async () => {
    await Promise.all([split.warm([warmKey]), single.warm([warmKey])]);
    expect(split.holds(ref) && single.holds(ref)).toBe(true);
  });

  it('rehearses a split of the key\'s own masks once the workers hold the key, before warm() resolves', async () => {
    expect(split.splitRehearsals).toBe(1);
    // Not a team's submission, and one worker has nothing to split.
    expect(split.splitJobs).toBe(0);
    expect(single.splitRehearsals).toBe(0);
    // Warming again finds every key in place: nothing to rehearse.
    await split.warm([warmKey]);
    expect(split.splitRehearsals).toBe(1);
  });

  it('a team\'s zip already waiting when the key is loaded goes first: no rehearsal holds it up', async () => {
    const fresh = new ScoringPool(2, { splitMinBytes: 0 });
    const warmed = fresh.warm([warmKey]);
    const outcome = await score(fresh, teamZip());
    expect(outcome.kind).toBe('scored');
    expect(fresh.splitRehearsals).toBe(0);
    // The rehearsal runs once the workers are idle again.
    await warmed;
    await fresh.warmed();
    expect(fresh.splitRehearsals).toBe(1);
    expect(fresh.keysLoadedOnRequest).toBe(0);
  });

  it('scores in shards to exactly what one worker gives on the whole file', async () => {
    for (const areas of [[60, 75, 58, 90], [0, 0, 0, 0], [81.92, 64, 100.5, 70.4]]) {
      const bytes = teamZip(areas);
      const before = split.splitJobs;
      const [shards, whole] = await Promise.all([score(split, bytes), score(single, bytes)]);
      expect(split.splitJobs).toBe(before + 1);
      expect(shards.kind).toBe('scored');
      expect(shards).toEqual(whole);
    }
    expect(split.keysLoadedOnRequest).toBe(0);
  });

  it('a rejected file gets the same problems as from one worker (the whole file is read again)', async () => {
    const bytes = teamZip([60, 'n/a', 58, -4]);
    const before = split.splitJobs;
    const [shards, whole] = await Promise.all([score(split, bytes), score(single, bytes)]);
    expect(shards).toMatchObject({ kind: 'rejected' });
    expect(shards).toEqual(whole);
    expect(split.splitJobs).toBe(before);
  });

  it('does not split while other jobs wait: each worker takes one whole', async () => {
    const before = split.splitJobs;
    const zips = [teamZip([61, 75, 58, 90]), teamZip([62, 75, 58, 90]), teamZip([63, 75, 58, 90])];
    const outcomes = await Promise.all(zips.map((bytes) => score(split, bytes)));
    expect(outcomes.map((o) => o.kind)).toEqual(['scored', 'scored', 'scored']);
    // Only the last one, alone in the queue when a worker freed up with another idle, may be split.
    expect(split.splitJobs - before).toBeLessThanOrEqual(1);
    for (const [i, bytes] of zips.entries()) expect(outcomes[i]).toEqual(await score(single, bytes));
  });
});
