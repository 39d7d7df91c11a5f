import { describe, expect, it } from 'vitest';
import { auc } from './auc.metric.js';
import { dice, meanDice } from './dice.metric.js';
import { hd95 } from './hd95.metric.js';
import { mse } from './regression.metric.js';

describe('core metrics (quick checks; golden suites live in test/golden)', () => {
  it('auc: sklearn roc_auc_score docs example', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });
  it('mse: sklearn mean_squared_error docs example', () => {
    expect(mse([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.375);
  });
  it('dice: 2|A∩B|/(|A|+|B|)', () => {
    expect(dice(Uint8Array.of(1, 1, 0, 0), Uint8Array.of(1, 0, 1, 0))).toBe(0.5);
    expect(meanDice([Uint8Array.of(0, 0)], [Uint8Array.of(0, 0)])).toBe(1);
  });
  it('hd95: two single pixels 3 apart with spacing 2 -> 6 mm', () => {
    const a = { dims: [5, 1, 1] as [number, number, number], spacing: [2, 1, 1] as [number, number, number], data: Uint8Array.of(1, 0, 0, 0, 0) };
    const b = { ...a, data: Uint8Array.of(0, 0, 0, 1, 0) };
    expect(hd95(a, b)).toBe(6);
  });
});
