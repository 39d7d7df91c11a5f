// scoreSubmission on the 2018/2019 task shapes: splits, composites, conditional AUCs,
// one-vs-rest means, fill values, masks, per-case values and null splits.
import { describe, expect, it } from 'vitest';
import { auc } from '../../src/metrics/index.js';
import { computeScore, scoreSubmission } from '../../src/evaluate/index.js';
import { boxMask, maskWith } from './support/mask-builders.js';
import { answerKey, submission, task } from './support/scoring-builders.js';

describe('scoreSubmission', () => {
  const lungKey = answerKey({
    ids: ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8'],
    split: ['public', 'public', 'public', 'public', 'private', 'private', 'private', 'private'],
    truth: { abnormal: [0, 0, 1, 1, 0, 1, 0, 1] },
  });
  const lungTask = task([{ name: 'auc', metric: 'auc', truth: 'abnormal', prediction: 'probability' }]);

  it('lung (2019): AUC on public, private and all cases', () => {
    const sub = submission({ probability: [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.7, 0.6] });
    const r = scoreSubmission(lungTask, lungKey, sub);
    // public = the sklearn docs example (0.75); private: pos {0.9, 0.6} vs neg {0.2, 0.7} -> 3/4.
    expect(r.scores.auc).toEqual({ public: 0.75, private: 0.75, all: auc(lungKey.truth.abnormal, sub.values.probability) });
    expect(r.scores.auc.all).toBe(13 / 16);
    expect(r.cases.map((c) => c.caseId)).toEqual(lungKey.ids);
    expect(r.cases[0].values).toEqual({}); // AUC has no per-case value
    expect(r.reasons).toBeUndefined();
  });

  it('the same input gives bit-identical results', () => {
    const sub = submission({ probability: [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.7, 0.6] });
    expect(scoreSubmission(lungTask, lungKey, sub)).toEqual(scoreSubmission(lungTask, lungKey, sub));
  });

  it('a split with a single class scores null, with the reason', () => {
    const key = answerKey({ ids: ['a', 'b', 'c', 'd'], split: ['public', 'public', 'private', 'private'], truth: { abnormal: [0, 1, 1, 1] } });
    const r = scoreSubmission(lungTask, key, submission({ probability: [0.2, 0.8, 0.5, 0.6] }));
    expect(r.scores.auc).toEqual({ public: 1, private: null, all: 1 });
    expect(r.reasons?.auc?.private).toMatch(/only positives/);
  });

  it('a key with no private case scores null on private', () => {
    const key = answerKey({ ids: ['a', 'b'], truth: { abnormal: [0, 1] } });
    const r = scoreSubmission(lungTask, key, submission({ probability: [0.2, 0.8] }));
    expect(r.scores.auc).toEqual({ public: 1, private: null, all: 1 });
    expect(r.reasons?.auc?.private).toBe('no case in this split');
  });

  it('multiple sclerosis (2019): MSE with per-case squared errors', () => {
    const key = answerKey({ ids: ['s1', 's2', 's3', 's4'], split: ['public', 'private', 'public', 'private'], truth: { edss: [3, -0.5, 2, 7] } });
    const r = scoreSubmission(task([{ name: 'mse', metric: 'mse', truth: 'edss', prediction: 'edss' }]), key, submission({ edss: [2.5, 0, 2, 8] }));
    expect(r.scores.mse).toEqual({ public: 0.125, private: 0.625, all: 0.375 });
    expect(r.cases.map((c) => c.values.mse)).toEqual([0.25, 0.25, 0, 1]);
  });

  it('meniscus (2018): 0.4 AUC(tear) + 0.3 AUC(anterior | tear) + 0.3 AUC(horizontal | tear)', () => {
    const key = answerKey({
      ids: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'],
      truth: {
        tear: [0, 0, 1, 1, 1, 1],
        // Sub-labels only defined on torn menisci (empty cells elsewhere).
        anterior: [null, null, 0, 1, 0, 1],
        horizontal: [null, null, 1, 0, 0, 1],
      },
    });
    const spec = {
      name: 'score',
      metric: 'weighted',
      terms: [
        { weight: 0.4, metric: 'auc', truth: 'tear', prediction: 'tear' },
        { weight: 0.3, metric: 'auc', truth: 'anterior', prediction: 'anterior', where: { tear: 1 } },
        { weight: 0.3, metric: 'auc', truth: 'horizontal', prediction: 'horizontal', where: { tear: 1 } },
      ],
    };
    const sub = submission({
      tear: [0.1, 0.6, 0.5, 0.9, 0.8, 0.7], // pos {0.5,0.9,0.8,0.7} vs neg {0.1,0.6}: 7/8
      anterior: [0.9, 0.9, 0.2, 0.6, 0.6, 0.1], // on torn: pos {0.6,0.1} vs neg {0.2,0.6}: (0.5+1+0+0)/4 = 3/8
      horizontal: [0, 0, 0.7, 0.3, 0.2, 0.9], // on torn: pos {0.7,0.9} vs neg {0.3,0.2}: 1
    });
    const r = scoreSubmission(task([spec]), key, sub);
    expect(r.scores.score.all).toBeCloseTo(0.4 * (7 / 8) + 0.3 * (3 / 8) + 0.3 * 1, 15);
    expect(r.scores.score.all).toBe(0.4 * (7 / 8) + 0.3 * (3 / 8) + 0.3 * 1);
    // A composite has no per-case value.
    expect(r.cases[0].values).toEqual({});
  });

  it('liver (2018): one-vs-rest mean skips single-class columns; empty cells filled with 0.5', () => {
    const key = answerKey({
      ids: ['l1', 'l2', 'l3', 'l4'],
      truth: { cyst: [1, 0, 0, 1], hcc: [0, 1, 0, 0], angioma: [0, 0, 0, 0] },
    });
    const spec = {
      name: 'types',
      metric: 'ovr_auc',
      missing: 0.5,
      pairs: [
        { truth: 'cyst', prediction: 'cyst' },
        { truth: 'hcc', prediction: 'hcc' },
        { truth: 'angioma', prediction: 'angioma' }, // single class: skipped
      ],
    };
    const sub = submission({
      cyst: [0.9, null, 0.2, 0.4], // l2 filled with 0.5: pos {0.9,0.4} vs neg {0.5,0.2}: 3/4
      hcc: [0.1, 0.8, 0.3, 0.2], // 1
      angioma: [0.1, 0.1, 0.1, 0.1],
    });
    const r = scoreSubmission(task([spec]), key, sub);
    expect(r.scores.types.all).toBe((0.75 + 1) / 2);
  });

  it('an empty optional cell without a fill value leaves the case out of that score', () => {
    const key = answerKey({ ids: ['a', 'b', 'c'], truth: { y: [1, 2, 3] } });
    const r = scoreSubmission(task([{ name: 'mae', metric: 'mae', truth: 'y', prediction: 'y' }]), key, submission({ y: [1, null, 5] }));
    expect(r.scores.mae.all).toBe(1);
    expect(r.cases.map((c) => c.values.mae)).toEqual([0, null, 2]);
  });

  it('sarcopenia (2019): Dice of masks and MSE of areas; a missing mask scores 0', () => {
    const dims: [number, number, number] = [8, 8, 1];
    const truthMasks = [boxMask(dims, [1, 1, 0], [4, 4, 0]), boxMask(dims, [2, 2, 0], [5, 5, 0]), maskWith(dims, [])];
    const key = answerKey({ ids: ['x1', 'x2', 'x3'], truth: { area: [16, 16, 0] }, masks: truthMasks });
    const predMasks = [boxMask(dims, [1, 1, 0], [4, 3, 0]), null, maskWith(dims, [])];
    const r = scoreSubmission(
      task([
        { name: 'dice', metric: 'dice' },
        { name: 'area_mse', metric: 'mse', truth: 'area', prediction: 'area' },
      ]),
      key,
      submission({ area: [12, 20, 0] }, predMasks),
    );
    // Case 1: |A|=16, |B|=12, overlap 12 -> 24/28; case 2 missing -> 0; case 3 empty/empty -> 1.
    expect(r.cases.map((c) => c.values.dice)).toEqual([24 / 28, 0, 1]);
    expect(r.scores.dice.all).toBeCloseTo((24 / 28 + 0 + 1) / 3, 15);
    expect(r.scores.area_mse.all).toBe(32 / 3);
  });

  it('mask metrics on each split: the same bits as computing every split from its own cases', () => {
    // scoreSubmission computes each case's Dice/HD95 once (on all cases) and averages the splits from it.
    const dims: [number, number, number] = [8, 8, 1];
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5'];
    const key = answerKey({
      ids,
      split: ['public', 'private', 'public', 'private', 'private'],
      truth: {},
      masks: [boxMask(dims, [1, 1, 0], [4, 4, 0]), boxMask(dims, [2, 2, 0], [6, 5, 0]), maskWith(dims, []), boxMask(dims, [0, 0, 0], [7, 2, 0]), maskWith(dims, [])],
    });
    const sub = submission({}, [boxMask(dims, [1, 1, 0], [4, 3, 0]), boxMask(dims, [3, 2, 0], [6, 6, 0]), maskWith(dims, []), null, maskWith(dims, [[1, 1, 0]])]);
    const scores = [
      { name: 'dice', metric: 'dice', options: { empty: 'exclude' } },
      { name: 'hd95', metric: 'hd95', options: { empty_distance: 10 } },
    ];
    const r = scoreSubmission(task(scores), key, sub);
    for (const spec of scores) {
      for (const split of ['public', 'private', 'all'] as const) {
        const cases = Uint32Array.from(ids.flatMap((_, i) => (split === 'all' || key.split[i] === split ? [i] : [])));
        expect(r.scores[spec.name]![split], `${spec.name} ${split}`).toBe(computeScore(spec, key, sub, cases).value);
      }
    }
  });

  it('dice with empty: exclude drops empty/empty cases from the mean and the per-case values', () => {
    const dims: [number, number, number] = [4, 4, 1];
    const key = answerKey({ ids: ['a', 'b'], truth: {}, masks: [boxMask(dims, [0, 0, 0], [1, 1, 0]), maskWith(dims, [])] });
    const r = scoreSubmission(
      task([{ name: 'dice', metric: 'dice', options: { empty: 'exclude' } }]),
      key,
      submission({}, [boxMask(dims, [0, 0, 0], [1, 1, 0]), maskWith(dims, [])]),
    );
    expect(r.scores.dice.all).toBe(1);
    expect(r.cases.map((c) => c.values.dice)).toEqual([1, null]);
  });

  it('cindex with an event column and risk predictions', () => {
    const key = answerKey({ ids: ['p1', 'p2', 'p3', 'p4', 'p5'], truth: { time: [1, 2, 2, 3, 4], died: [1, 1, 0, 1, 0] } });
    const r = scoreSubmission(
      task([{ name: 'c', metric: 'cindex', truth: 'time', prediction: 'risk', options: { event: 'died', risk: true } }]),
      key,
      submission({ risk: [-0.1, -0.4, -0.3, -0.2, -0.5] }),
    );
    expect(r.scores.c.all).toBe(0.75); // the lifelines hand example, with risk = -survival
  });

  it('a mask metric without answer masks scores null with a reason instead of throwing', () => {
    const key = answerKey({ ids: ['a'], truth: {} });
    const r = scoreSubmission(task([{ name: 'dice', metric: 'dice' }]), key, submission({}));
    expect(r.scores.dice).toEqual({ public: null, private: null, all: null });
    expect(r.reasons?.dice?.all).toMatch(/no masks/);
  });
});
