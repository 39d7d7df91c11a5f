// Organiser-facing checks: every problem has a code, an event.yaml path and a fix.
import { describe, expect, it } from 'vitest';
import { scoreDirection, validateAnswerKeyForScores, validateScoreSpecs } from '../../src/evaluate/index.js';
import { validateRanking } from '../../src/ranking/index.js';
import type { ScoreSpec } from '../../src/types.js';
import { answerKey } from './support/scoring-builders.js';

const ctx = { truthColumns: ['status', 'tear', 'anterior', 'time', 'died'], predictionColumns: ['probability', 'tear', 'anterior'], hasMasks: false, path: 'tasks[1].scores' };
const codes = (specs: ScoreSpec[], c = ctx) => validateScoreSpecs(specs, c).map((p) => `${p.path} ${p.code}`);

describe('validateScoreSpecs', () => {
  it('accepts the 2018 meniscus composite and a plain AUC', () => {
    expect(
      validateScoreSpecs(
        [
          { name: 'auc', metric: 'auc', truth: 'status', prediction: 'probability' },
          {
            name: 'score',
            metric: 'weighted',
            missing: 0.5,
            terms: [
              { weight: 0.4, metric: 'auc', truth: 'tear', prediction: 'tear' },
              { weight: 0.3, metric: 'auc', truth: 'anterior', prediction: 'anterior', where: { tear: 1 } },
            ],
          },
        ],
        ctx,
      ),
    ).toEqual([]);
  });
  it('unknown metric, with the known list', () => {
    const [p] = validateScoreSpecs([{ name: 'auc', metric: 'aucc', truth: 'status', prediction: 'probability' }], ctx);
    expect(p.path).toBe('tasks[1].scores[0].metric');
    expect(p.code).toBe('scores.unknown_metric');
    expect(p.message).toMatch(/^unknown metric "aucc" \(known: accuracy, auc, balanced_accuracy, cindex, dice, froc_cpm, hd95, mae, mse, ovr_auc, qwk, rmse, spearman, weighted\)$/);
  });
  it('unknown truth and prediction columns, missing columns', () => {
    expect(codes([{ name: 'a', metric: 'auc', truth: 'statu', prediction: 'proba' }])).toEqual([
      'tasks[1].scores[0].truth scores.unknown_truth_column',
      'tasks[1].scores[0].prediction scores.unknown_prediction_column',
    ]);
    expect(codes([{ name: 'a', metric: 'mse' }])).toEqual(['tasks[1].scores[0].truth scores.missing_field', 'tasks[1].scores[0].prediction scores.missing_field']);
  });
  it('mask metric without masks', () => {
    expect(codes([{ name: 'dice', metric: 'dice' }])).toEqual(['tasks[1].scores[0].metric scores.masks_required']);
    expect(codes([{ name: 'dice', metric: 'dice', options: { empty: 'exclude' } }], { ...ctx, hasMasks: true })).toEqual([]);
  });
  it('bad weights, nested composites, empty terms', () => {
    expect(
      codes([
        {
          name: 's',
          metric: 'weighted',
          terms: [
            { weight: 0, metric: 'auc', truth: 'tear', prediction: 'tear' },
            { weight: Number.NaN, metric: 'auc', truth: 'tear', prediction: 'tear' },
            { weight: 1, metric: 'weighted' },
          ],
        },
        { name: 't', metric: 'weighted', terms: [] },
      ]),
    ).toEqual([
      'tasks[1].scores[0].terms[0].weight scores.bad_weight',
      'tasks[1].scores[0].terms[1].weight scores.bad_weight',
      'tasks[1].scores[0].terms[2].metric scores.nested_weighted',
      'tasks[1].scores[1].terms scores.missing_terms',
    ]);
  });
  it('mixed directions in a composite are refused', () => {
    expect(
      codes([
        {
          name: 's',
          metric: 'weighted',
          terms: [
            { weight: 0.5, metric: 'auc', truth: 'tear', prediction: 'tear' },
            { weight: 0.5, metric: 'mse', truth: 'tear', prediction: 'tear' },
          ],
        },
      ]),
    ).toEqual(['tasks[1].scores[0].terms scores.mixed_directions']);
  });
  it('duplicate score names point at the first use', () => {
    const problems = validateScoreSpecs(
      [
        { name: 'auc', metric: 'auc', truth: 'status', prediction: 'probability' },
        { name: 'auc', metric: 'auc', truth: 'tear', prediction: 'tear' },
      ],
      ctx,
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'scores.duplicate_name', path: 'tasks[1].scores[1].name', message: expect.stringContaining('tasks[1].scores[0]') })]);
  });
  it('where on an unknown column, options checked per metric, ovr_auc needs pairs', () => {
    expect(
      codes([
        { name: 'a', metric: 'auc', truth: 'anterior', prediction: 'anterior', where: { torn: 1 } },
        { name: 'b', metric: 'auc', truth: 'status', prediction: 'probability', options: { empty: 'one' } },
        { name: 'c', metric: 'cindex', truth: 'time', prediction: 'probability', options: { event: 'dead', risk: 'yes' } },
        { name: 'd', metric: 'ovr_auc' },
      ]),
    ).toEqual([
      'tasks[1].scores[0].where.torn scores.unknown_truth_column',
      'tasks[1].scores[1].options.empty scores.bad_option',
      'tasks[1].scores[2].options.event scores.unknown_truth_column',
      'tasks[1].scores[2].options.risk scores.bad_option',
      'tasks[1].scores[3].pairs scores.missing_field',
    ]);
  });
  it('no score at all', () => {
    expect(codes([])).toEqual(['tasks[1].scores scores.none']);
  });
});

describe('scoreDirection', () => {
  it('plain metrics follow the metric; composites are lower only when every term is', () => {
    expect(scoreDirection({ name: 'a', metric: 'auc' })).toBe('higher');
    expect(scoreDirection({ name: 'm', metric: 'mse' })).toBe('lower');
    expect(scoreDirection({ name: 'w', metric: 'weighted', terms: [{ weight: 1, metric: 'mse' }, { weight: 1, metric: 'mae' }] })).toBe('lower');
    expect(scoreDirection({ name: 'w', metric: 'weighted', terms: [{ weight: 1, metric: 'auc' }, { weight: 1, metric: 'dice' }] })).toBe('higher');
  });
});

describe('validateRanking', () => {
  it('tie_break must name a score; method must be known', () => {
    expect(validateRanking({ method: 'rank_sum', tie_break: 'dice' }, ['dice', 'area_mse'], 'tasks[2].ranking')).toEqual([]);
    expect(validateRanking(undefined, ['dice'], 'tasks[2].ranking')).toEqual([]);
    const problems = validateRanking({ method: 'borda' as 'rank_sum', tie_break: 'dise' }, ['dice', 'area_mse'], 'tasks[2].ranking');
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual(['tasks[2].ranking.method ranking.bad_method', 'tasks[2].ranking.tie_break ranking.unknown_tie_break']);
    expect(problems[1].message).toBe('tie_break names "dise", which is not a score of this task (scores: dice, area_mse)');
  });
});

describe('validateAnswerKeyForScores', () => {
  const auc: ScoreSpec = { name: 'auc', metric: 'auc', truth: 'status', prediction: 'probability' };
  it('accepts a key with both classes everywhere', () => {
    const key = answerKey({ ids: ['a', 'b', 'c', 'd'], split: ['public', 'public', 'private', 'private'], truth: { status: [0, 1, 1, 0] } });
    expect(validateAnswerKeyForScores(key, [auc], 'tasks[0].scores')).toEqual([]);
  });
  it('a single class overall, and within one split', () => {
    const all1 = answerKey({ ids: ['a', 'b'], truth: { status: [1, 1] } });
    expect(validateAnswerKeyForScores(all1, [auc], 'tasks[0].scores')).toEqual([
      expect.objectContaining({ code: 'answer_key.single_class', path: 'tasks[0].scores[0].truth', message: expect.stringContaining('all cases') }),
    ]);
    const privateOnly1 = answerKey({ ids: ['a', 'b', 'c', 'd'], split: ['public', 'public', 'private', 'private'], truth: { status: [0, 1, 1, 1] } });
    const problems = validateAnswerKeyForScores(privateOnly1, [auc], 'tasks[0].scores');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toBe(
      'truth column "status" holds a single class (all 1) on the private split: auc cannot be computed there; fix the answer key (or the split)',
    );
  });
  it('a single class within a where subset (conditional AUC)', () => {
    const key = answerKey({ ids: ['a', 'b', 'c', 'd'], truth: { tear: [0, 0, 1, 1], anterior: [0, 1, 1, 1] } });
    const spec: ScoreSpec = {
      name: 's',
      metric: 'weighted',
      terms: [{ weight: 1, metric: 'auc', truth: 'anterior', prediction: 'anterior', where: { tear: 1 } }],
    };
    expect(validateAnswerKeyForScores(key, [spec], 'tasks[0].scores')).toEqual([
      expect.objectContaining({ path: 'tasks[0].scores[0].terms[0].truth', message: expect.stringContaining('all cases where { tear: 1 }') }),
    ]);
  });
  it('a non-binary AUC truth names the case; a missing column is reported', () => {
    const key = answerKey({ ids: ['a', 'b', 'c'], truth: { status: [0, 2, 1] } });
    expect(validateAnswerKeyForScores(key, [auc], 'tasks[0].scores')).toEqual([
      expect.objectContaining({ code: 'answer_key.not_binary', caseId: 'b', found: '2' }),
    ]);
    expect(validateAnswerKeyForScores(answerKey({ ids: ['a'], truth: {} }), [auc], 'p')).toEqual([
      expect.objectContaining({ code: 'answer_key.unknown_column', path: 'p[0].truth' }),
    ]);
  });
  it('ovr_auc only fails when every column is single-class', () => {
    const key = answerKey({ ids: ['a', 'b'], truth: { cyst: [0, 1], hcc: [0, 0] } });
    const spec = (pairs: string[]): ScoreSpec => ({ name: 'o', metric: 'ovr_auc', pairs: pairs.map((c) => ({ truth: c, prediction: c })) });
    expect(validateAnswerKeyForScores(key, [spec(['cyst', 'hcc'])], 'p')).toEqual([]);
    expect(validateAnswerKeyForScores(key, [spec(['hcc'])], 'p')).toEqual([expect.objectContaining({ code: 'answer_key.single_class', path: 'p[0].pairs' })]);
  });
  it('spearman needs a non-constant truth; cindex needs a comparable pair; dice needs masks', () => {
    const key = answerKey({ ids: ['a', 'b'], truth: { y: [3, 3], time: [1, 2], died: [0, 0] } });
    const problems = validateAnswerKeyForScores(
      key,
      [
        { name: 's', metric: 'spearman', truth: 'y', prediction: 'y' },
        { name: 'c', metric: 'cindex', truth: 'time', prediction: 'p', options: { event: 'died' } },
        { name: 'd', metric: 'dice' },
      ],
      'p',
    );
    expect(problems.map((p) => p.code)).toEqual(['answer_key.constant_truth', 'answer_key.no_comparable_pairs', 'answer_key.masks_missing']);
  });
});
