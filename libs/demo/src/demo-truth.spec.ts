import { describe, expect, it } from 'vitest';
import { DEMO_CASE_COUNTS, demoTruth, type DemoCases } from './demo-truth.js';

const truth = demoTruth(2019);

function expectBalancedSplit(cases: DemoCases): void {
  const publicCount = cases.split.filter((s) => s === 'public').length;
  const privateCount = cases.split.filter((s) => s === 'private').length;
  expect(publicCount + privateCount).toBe(cases.ids.length);
  expect(Math.abs(publicCount - privateCount)).toBeLessThanOrEqual(1);
}

describe('demoTruth', () => {
  it('has the 2019 test-set sizes, with unique ids', () => {
    expect(truth.lung.ids).toHaveLength(DEMO_CASE_COUNTS.lung);
    expect(truth.ms.ids).toHaveLength(DEMO_CASE_COUNTS.ms);
    expect(truth.sarcopenia.ids).toHaveLength(DEMO_CASE_COUNTS.sarcopenia);
    expect([DEMO_CASE_COUNTS.lung, DEMO_CASE_COUNTS.ms, DEMO_CASE_COUNTS.sarcopenia]).toEqual([344, 483, 500]);
    for (const task of [truth.lung, truth.ms, truth.sarcopenia]) expect(new Set(task.ids).size).toBe(task.ids.length);
    expect(truth.lung.ids.slice(0, 2)).toEqual(['Poumon1', 'Poumon2']);
    expect(truth.lung.ids.at(-1)).toBe('Poumon344');
  });

  it('is the same for the same seed and different for another seed', () => {
    expect(demoTruth(2019)).toEqual(truth);
    const other = demoTruth(7);
    expect(other.lung.status).not.toEqual(truth.lung.status);
    expect(other.ms.edss).not.toEqual(truth.ms.edss);
    expect(other.sarcopenia.shapes).not.toEqual(truth.sarcopenia.shapes);
  });

  it('splits every task half public, half private', () => {
    expectBalancedSplit(truth.lung);
    expectBalancedSplit(truth.ms);
    expectBalancedSplit(truth.sarcopenia);
  });

  it('has about 30% abnormal lung exams, balanced across the splits so both AUCs are defined', () => {
    const abnormal = truth.lung.status.filter((s) => s === 1).length;
    expect(abnormal / truth.lung.ids.length).toBeGreaterThan(0.24);
    expect(abnormal / truth.lung.ids.length).toBeLessThan(0.36);
    expect(truth.lung.status.every((s) => s === 0 || s === 1)).toBe(true);
    const abnormalIn = (split: string) => truth.lung.status.filter((s, i) => s === 1 && truth.lung.split[i] === split).length;
    expect(Math.abs(abnormalIn('public') - abnormalIn('private'))).toBeLessThanOrEqual(1);
  });

  it('scores EDSS on the real scale: 0, then 1 to 9.5 in half points, mostly mild', () => {
    const allowed = new Set([0, ...Array.from({ length: 18 }, (_, i) => 1 + i / 2)]);
    expect(truth.ms.edss.every((v) => allowed.has(v))).toBe(true);
    const mean = truth.ms.edss.reduce((a, b) => a + b, 0) / truth.ms.edss.length;
    expect(mean).toBeGreaterThan(2);
    expect(mean).toBeLessThan(4.5);
    expect(new Set(truth.ms.edss).size).toBeGreaterThan(10);
  });

  it('gives CT pixel spacings between 0.7 and 0.9 mm, exact in float32', () => {
    for (const s of truth.sarcopenia.spacing) {
      expect(s).toBeGreaterThanOrEqual(0.7);
      expect(s).toBeLessThanOrEqual(0.9);
      expect(Math.fround(s)).toBe(s);
    }
  });
});
