// createCaseResampler (the bootstrap's scorer) against scoreSubmission / computeScore: the whole
// split in order gives the stored score bit for bit, and a resample with repeats gives what
// computeScore gives on those indices (the per-case shortcut of caseMean metrics changes no bit).
import { describe, expect, it } from 'vitest';
import { computeScore, createCaseResampler, scoreSubmission } from '../../src/evaluate/index.js';
import { parseAnswerKey, parseSubmission } from '../../src/parsing/index.js';
import type { ScoreSpec, TaskScoringSpec } from '../../src/types.js';
import { csvBytes } from '../builders.js';
import { randomMask } from './support/mask-builders.js';
import { answerKey, submission, task } from './support/scoring-builders.js';
import { createRng } from '../../src/random/index.js';

const random = createRng(11, 'resampler data');
const N = 40;
const ids = Array.from({ length: N }, (_, i) => `c${i}`);
const split = ids.map((_, i) => (i % 3 === 0 ? 'public' : 'private') as 'public' | 'private');
const label = ids.map((_, i) => i % 2);
const edss = ids.map(() => random.int(20) / 2);
const masks = ids.map((_, i) => randomMask([8, 8, 1], i % 7 === 0 ? 0 : 0.3, random.next));
const key = answerKey({ ids, split, truth: { y: label, edss, sub: ids.map((_, i) => (i % 4 === 0 ? null : i % 5 === 0 ? 1 : 0)) }, masks });
// Some predicted masks empty (an empty truth and an empty prediction: the Dice convention), one missing.
const predicted = ids.map((_, i) => (i === 5 ? null : i % 7 === 0 && i % 2 === 0 ? randomMask([8, 8, 1], 0, random.next) : randomMask([8, 8, 1], 0.3, random.next)));
const sub = submission({ p: ids.map(() => random.next()), edss: ids.map((_, i) => (i === 3 ? null : random.int(20) / 2)), q: ids.map(() => random.next()) }, predicted);

const SCORES: ScoreSpec[] = [
  { name: 'auc', metric: 'auc', truth: 'y', prediction: 'p' },
  { name: 'mse', metric: 'mse', truth: 'edss', prediction: 'edss', missing: 0 },
  { name: 'rmse', metric: 'rmse', truth: 'edss', prediction: 'edss' },
  {
    name: 'composite',
    metric: 'weighted',
    terms: [
      { weight: 0.6, metric: 'auc', truth: 'y', prediction: 'p' },
      { weight: 0.4, metric: 'auc', truth: 'sub', prediction: 'q', where: { y: 1 } },
    ],
  },
  { name: 'dice', metric: 'dice' },
  { name: 'dice_ex', metric: 'dice', options: { empty: 'exclude' } },
  { name: 'hd95', metric: 'hd95' },
];
const TASK: TaskScoringSpec = task(SCORES);
const privateCases = Uint32Array.from(ids.flatMap((_, i) => (split[i] === 'private' ? [i] : [])));

describe('createCaseResampler', () => {
  it('on the whole split, in order, gives the scorer\'s split scores bit for bit', () => {
    const stored = scoreSubmission(TASK, key, sub);
    const resampler = createCaseResampler(TASK, key, sub, privateCases);
    const again = resampler.score(privateCases);
    for (const s of SCORES) expect(again[s.name], s.name).toBe(stored.scores[s.name]!.private);
  });

  it('on resamples with repeats gives what computeScore gives on those indices', () => {
    const resampler = createCaseResampler(TASK, key, sub, privateCases);
    const draw = createRng(5, 'resampler draws');
    for (let r = 0; r < 50; r++) {
      const indices = Uint32Array.from(privateCases, () => privateCases[draw.int(privateCases.length)]!);
      const got = resampler.score(indices);
      for (const spec of SCORES) {
        let expected: number | null;
        try {
          expected = computeScore(spec, key, sub, indices).value;
        } catch {
          expected = null;
        }
        expect(got[spec.name], `${spec.name} on resample ${r}`).toBe(expected);
      }
    }
  });

  it('a resample where a metric is undefined scores null there (a single class for an AUC, no case for a Dice)', () => {
    const resampler = createCaseResampler(TASK, key, sub, privateCases);
    const positives = Uint32Array.from(privateCases.filter((i) => label[i] === 1));
    expect(resampler.score(positives).auc).toBeNull();
    expect(resampler.score(positives).mse).not.toBeNull();
    // Case 14: empty truth and empty prediction, excluded by `empty: exclude`, counted 1 by default.
    const empty = Uint32Array.of(14, 14, 14);
    expect(key.masks![14]!.data.every((v) => v === 0) && predicted[14]!.data.every((v) => v === 0)).toBe(true);
    expect(resampler.score(empty).dice_ex).toBeNull();
    expect(resampler.score(empty).dice).toBe(1);
  });

  it('detection: each draw is a scan of its own (a scan drawn twice counts its nodules and candidates twice)', () => {
    const spec: TaskScoringSpec = { submission: { detection: { id: 'seriesuid' } }, scores: [{ name: 'cpm', metric: 'froc_cpm' }] };
    const rows = (uids: string[]) => [['id', 'split', 'x', 'y', 'z', 'diameter_mm'], ...uids.flatMap((u) => (u.startsWith('b') ? [[u, 'private', 0, 0, 0, 8]] : [[u, 'private', '', '', '', '']]))];
    const cands = (uids: string[]) => [['seriesuid', 'x', 'y', 'z', 'probability'], ...uids.flatMap((u) => (u.startsWith('b') ? [[u, 0, 0, 1, 0.5], [u, 9, 9, 9, 0.8]] : [[u, 3, 3, 3, 0.6]]))];
    const parse = (uids: string[]) => {
      const k = parseAnswerKey({ csv: csvBytes(rows(uids)), csvName: 'k.csv' }, { kind: 'detection' }).key!;
      return { k, s: parseSubmission({ bytes: csvBytes(cands(uids)), fileName: 'c.csv' }, spec.submission, k).submission! };
    };
    const small = parse(['b1', 'e1']);
    // The same data with scan b1 physically present twice (as b1 and b2).
    const doubled = parse(['b1', 'b2', 'e1']);
    const resampled = createCaseResampler(spec, small.k, small.s, Uint32Array.of(0, 1)).score(Uint32Array.of(0, 0, 1)).cpm;
    expect(resampled).toBe(scoreSubmission(spec, doubled.k, doubled.s).scores.cpm!.all);
    expect(createCaseResampler(spec, small.k, small.s, Uint32Array.of(0, 1)).score(Uint32Array.of(0, 1)).cpm).toBe(scoreSubmission(spec, small.k, small.s).scores.cpm!.all);
  });
});
