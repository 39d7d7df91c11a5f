// A detection task end to end in the library: answer-key CSV and candidate CSV through the parsers,
// then scoreSubmission, against CPM values computed by hand with LUNA16's rules
// (noduleCADEvaluationLUNA16.py: hit if distance < radius, one hit per nodule at its best
// probability, sklearn roc_curve with tied scores as one threshold, np.interp at 1/8..8 FP/scan).
import { describe, expect, it } from 'vitest';
import { scoreSubmission } from '../../src/evaluate/index.js';
import { parseAnswerKey, parseSubmission } from '../../src/parsing/index.js';
import type { AnswerKey, SubmissionSpec, TaskScoringSpec } from '../../src/types.js';
import { csvBytes } from '../builders.js';

const SPEC: SubmissionSpec = { detection: { id: 'seriesuid' } };
const TASK: TaskScoringSpec = { submission: SPEC, scores: [{ name: 'cpm', metric: 'froc_cpm' }] };

// LUNA16 series uids contain dots; 1.2.3.c and 1.2.3.d have no nodule.
const KEY_ROWS: (string | number)[][] = [
  ['id', 'split', 'x', 'y', 'z', 'diameter_mm'],
  ['1.2.3.a', 'public', 0, 0, 0, 10], // N1, radius 5
  ['1.2.3.a', 'public', 50, 0, 0, 6], // N2, radius 3
  ['1.2.3.b', 'private', 0, 0, 0, 8], // N3, radius 4
  ['1.2.3.c', 'public', '', '', '', ''],
  ['1.2.3.d', 'private', '', '', '', ''],
];

const CANDIDATES: (string | number)[][] = [
  ['1.2.3.a', 1, 0, 0, 0.9], // hits N1
  ['1.2.3.a', 0, 2, 0, 0.6], // hits N1 again: N1 counts once, at 0.9; not a false positive
  ['1.2.3.a', 53, 0, 0, 0.7], // exactly at N2's radius: not a hit (strict) -> FP
  ['1.2.3.a', 50, 0, 2.9, 0.4], // hits N2
  ['1.2.3.b', 10, 0, 0, 0.9], // FP, tied with N1's hit
  ['1.2.3.b', 0, 0, 3, 0.5], // hits N3
  ['1.2.3.c', 0, 0, 0, 0.5], // FP on a scan without nodule, tied with N3's hit
  ['1.2.3.d', 5, 5, 5, 0.2], // FP on a scan without nodule
];

function parseKey(rows = KEY_ROWS): AnswerKey {
  const parsed = parseAnswerKey({ csv: csvBytes(rows), csvName: 'nodules.csv' }, { kind: 'detection' });
  expect(parsed.problems).toEqual([]);
  return parsed.key!;
}

function score(candidates: (string | number)[][], key = parseKey()) {
  const parsed = parseSubmission({ bytes: csvBytes([['seriesuid', 'x', 'y', 'z', 'probability'], ...candidates]), fileName: 'candidates.csv' }, SPEC, key);
  expect(parsed.problems).toEqual([]);
  return scoreSubmission(TASK, key, parsed.submission!);
}

describe('detection task (FROC / CPM) through the parsers', () => {
  it('the key lists every scan once, in file order, with its nodules', () => {
    const key = parseKey();
    expect(key.ids).toEqual(['1.2.3.a', '1.2.3.b', '1.2.3.c', '1.2.3.d']);
    expect(key.split).toEqual(['public', 'private', 'public', 'private']);
    expect(key.truth).toEqual({});
    expect(key.findings).toEqual([
      { caseId: '1.2.3.a', x: 0, y: 0, z: 0, diameter: 10 },
      { caseId: '1.2.3.a', x: 50, y: 0, z: 0, diameter: 6 },
      { caseId: '1.2.3.b', x: 0, y: 0, z: 0, diameter: 8 },
    ]);
  });

  it('all scans: hits {0.9, 0.4, 0.5}, FPs {0.9, 0.7, 0.5, 0.2}, 3 nodules, 4 scans -> CPM 29/42', () => {
    // Thresholds 0.9 (hit + FP), 0.7, 0.5 (hit + FP), 0.4, 0.2 -> (tp, fp) = (1,1) (1,2) (2,3) (3,3) (3,4);
    // no point dropped. fps = fp / 4 = [0, .25, .5, .75, .75, 1], sens = tp / 3 = [0, 1/3, 1/3, 2/3, 1, 1].
    // interp: 1/8 -> 1/6, 1/4 -> 1/3, 1/2 -> 1/3, 1, 2, 4, 8 -> 1: sum 29/6, mean 29/42.
    // Had the tie at 0.5 been split (hit before FP), sensitivity at 1/2 would read 2/3.
    const r = score(CANDIDATES);
    expect(r.scores.cpm.all).toBeCloseTo(29 / 42, 12);
  });

  it('public split (scans a, c): hits {0.9, 0.4}, FPs {0.7, 0.5}, 2 nodules, 2 scans -> CPM 11/14', () => {
    // (tp, fp) = (1,0) (1,1) (1,2) (2,2); drop_intermediate drops (1,1). fps = [0, 0, 1, 1],
    // sens = [0, .5, .5, 1]: 1/8, 1/4, 1/2 -> 1/2; 1 and beyond -> 1. (3 x 1/2 + 4) / 7 = 11/14.
    expect(score(CANDIDATES).scores.cpm.public).toBeCloseTo(11 / 14, 12);
  });

  it('private split (scans b, d): hit {0.5}, FPs {0.9, 0.2}, 1 nodule, 2 scans -> CPM 5/7', () => {
    // (tp, fp) = (0,1) (1,1) (1,2): fps = [0, .5, .5, 1], sens = [0, 0, 1, 1]: 1/8, 1/4 -> 0; 1/2 on -> 1.
    expect(score(CANDIDATES).scores.cpm.private).toBeCloseTo(5 / 7, 12);
  });

  it('row order, id spelling and separators do not change the score', () => {
    const reference = score(CANDIDATES).scores.cpm;
    const shuffled = [5, 2, 7, 0, 3, 6, 1, 4].map((i) => CANDIDATES[i]!.map((c, k) => (k === 0 ? ` ${String(c).toUpperCase()}.dcm ` : c)));
    expect(score(shuffled).scores.cpm).toEqual(reference);
  });

  it('a scan without any candidate is fine; no candidate at all scores 0', () => {
    const onlyA = score(CANDIDATES.filter((c) => c[0] === '1.2.3.a'));
    // Hits N1 (0.9), N2 (0.4), FP 0.7 on 4 scans: fps = [0, 0, .25, .25], sens = [0, 1/3, 1/3, 2/3].
    // 1/8 -> 1/3; 1/4 and beyond -> 2/3: (1/3 + 6 x 2/3) / 7 = 13/21.
    expect(onlyA.scores.cpm.all).toBeCloseTo(13 / 21, 12);
    expect(score([]).scores.cpm).toEqual({ public: 0, private: 0, all: 0 });
  });

  it('an excluded finding (optional column): candidates on it count neither as hits nor as false positives', () => {
    const rows: (string | number)[][] = [
      [...KEY_ROWS[0]!, 'excluded'],
      ['1.2.3.a', 'public', 0, 0, 0, 10, ''],
      ['1.2.3.a', 'public', 100, 0, 0, 10, 1],
      ['1.2.3.b', 'private', 0, 0, 0, 10, 0],
    ];
    const key = parseKey(rows);
    expect(key.findings!.map((f) => f.excluded ?? false)).toEqual([false, true, false]);
    // On a: hit 0.9, the 0.95 candidate on the excluded finding ignored, FP 0.5 -> with b's nodule missed:
    // (tp, fp) = (1,0) (1,1): fps = [0, 0, .5], sens = [0, .5, .5] -> CPM 1/2 at every rate.
    const candidates = [
      ['1.2.3.a', 0, 0, 1, 0.9],
      ['1.2.3.a', 101, 0, 0, 0.95],
      ['1.2.3.a', 30, 0, 0, 0.5],
    ];
    expect(score(candidates, key).scores.cpm.all).toBe(0.5);
    // Without the excluded finding the 0.95 candidate is a false positive above the hit:
    // (tp, fp) = (0,1) (1,1) (1,2): fps = [0, .5, .5, 1], sens = [0, 0, .5, .5]; 1/8, 1/4 -> 0,
    // 1/2 (last point at .5) and beyond -> 1/2: (5 x 1/2) / 7 = 5/14.
    const plain = parseKey(rows.filter((_, i) => i !== 2).map((r) => r.slice(0, 6)));
    expect(score(candidates, plain).scores.cpm.all).toBeCloseTo(5 / 14, 12);
  });

  it('each scan is a case of the result, in key order, with its split', () => {
    const r = score(CANDIDATES);
    expect(r.cases.map((c) => [c.caseId, c.split])).toEqual([
      ['1.2.3.a', 'public'],
      ['1.2.3.b', 'private'],
      ['1.2.3.c', 'public'],
      ['1.2.3.d', 'private'],
    ]);
    expect(r.reasons).toBeUndefined();
  });
});
