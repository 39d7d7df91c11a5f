import { describe, expect, it } from 'vitest';
import { AnswerKeyCache } from '../scoring-jobs/scoring-task.js';
import { runRobustness, type RobustnessRequest } from './robustness-task.js';

const text = (s: string) => new TextEncoder().encode(s);
const ids = Array.from({ length: 12 }, (_, i) => `Case${i + 1}`);
const keyCsv = ['id,split,y', ...ids.map((id, i) => `${id},${i % 2 === 0 ? 'public' : 'private'},${i % 4 < 2 ? 1 : 0}`)].join('\n');
const file = (p: (i: number) => number) => text(['id,p', ...ids.map((id, i) => `${id},${p(i)}`)].join('\n'));

function request(teams: RobustnessRequest['teams'], csv = keyCsv, seed = 5): RobustnessRequest {
  return {
    spec: { submission: { table: { id: 'id', columns: { p: { type: 'number', min: 0, max: 1 } } } }, scores: [{ name: 'auc', metric: 'auc', truth: 'y', prediction: 'p' }] },
    scoring: { scores: [{ name: 'auc', direction: 'higher' }] },
    key: { csvSha256: csv.length.toString(16) + csv.slice(-8), masksSha256: null },
    keyFiles: { csv: text(csv), masksZip: null },
    split: 'private',
    teams,
    resamples: 50,
    seed,
    threshold: 0.95,
    top: 10,
  };
}

describe('runRobustness (the worker thread body)', () => {
  const good = { teamId: '1', fileName: 'a.csv', bytes: file((i) => (i % 4 < 2 ? 0.9 : 0.1)) };
  const noisy = { teamId: '2', fileName: 'b.csv', bytes: file((i) => (i * 37) % 11 / 10) };

  it('parses each file once and bootstraps the private cases; the same seed gives the same numbers', () => {
    const a = runRobustness(request([good, noisy]), new AnswerKeyCache());
    const b = runRobustness(request([good, noisy]), new AnswerKeyCache());
    if (a.kind !== 'done' || b.kind !== 'done') throw new Error('expected done');
    expect(a.cases).toBe(6);
    expect(a.result).toEqual(b.result);
    expect(a.result.teams[0]!.scores.auc).toEqual({ low: 1, high: 1 });
    const c = runRobustness(request([good, noisy], keyCsv, 6), new AnswerKeyCache());
    if (c.kind !== 'done') throw new Error('expected done');
    expect(c.result.teams[1]!.scores.auc).not.toEqual(a.result.teams[1]!.scores.auc);
  });

  it('says which team\'s stored file no longer parses, and when the key does not', () => {
    const broken = { teamId: '7', fileName: 'c.csv', bytes: text('id,p\nCase1,0.5\n') };
    const outcome = runRobustness(request([good, broken]), new AnswerKeyCache());
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.error).toMatch(/team 7 no longer parses .*rescore the task/);
    const badKey = runRobustness(request([good], 'id,split,y\nCase1,public,maybe\n'), new AnswerKeyCache());
    expect(badKey.kind === 'failed' && badKey.error).toMatch(/^The answer key does not parse/);
  });
});
