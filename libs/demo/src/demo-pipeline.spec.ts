// The demo as the server sees it: the bundle goes through the real bundle loader, the demo
// submissions through the real submission parser and scorer.
import { loadEventBundle, type EventBundle } from '@podium/event-bundle';
import { createZlibInflater, parseSubmission, scoreSubmission, type SubmissionResult } from '@podium/scoring';
import * as zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoBundle } from './demo-bundle.js';
import { buildDemoSubmission, type DemoSubmissionOptions } from './demo-submission.js';
import { demoTruth, type DemoTaskSlug } from './demo-truth.js';

const inflate = createZlibInflater(zlib);
const truth = demoTruth(2019);

describe('the demo through the real import and scoring path', { timeout: 120_000 }, () => {
  let bundle: EventBundle;

  beforeAll(() => {
    const result = loadEventBundle(buildDemoBundle({ seed: 2019, now: new Date() }), { inflate, fileName: 'demo.zip' });
    expect(result.problems).toEqual([]);
    bundle = result.bundle as EventBundle;
  });

  function score(options: Omit<DemoSubmissionOptions, 'truth'>): SubmissionResult {
    const task = bundle.manifest.tasks.find((t) => t.slug === options.task);
    const key = bundle.answerKeys.get(options.task);
    if (!task || !key) throw new Error(`no task ${options.task} in the demo bundle`);
    const { fileName, bytes } = buildDemoSubmission({ ...options, truth });
    const parsed = parseSubmission({ bytes, fileName }, task.submission, key, {}, { inflate });
    expect(parsed.problems, fileName).toEqual([]);
    if (!parsed.submission) throw new Error(`${fileName} did not parse`);
    return scoreSubmission(task, key, parsed.submission);
  }

  it('loads with zero problems: 20 teams, three tasks, keys of the 2019 sizes', () => {
    expect(bundle.manifest.teams).toHaveLength(20);
    expect(bundle.answerKeys.get('lung')?.ids).toHaveLength(344);
    expect(bundle.answerKeys.get('ms')?.ids).toHaveLength(483);
    expect(bundle.answerKeys.get('sarcopenia')?.masks).toHaveLength(500);
  });

  it.each<[DemoTaskSlug, string, 'higher' | 'lower']>([
    ['lung', 'auc', 'higher'],
    ['ms', 'mse', 'lower'],
  ])('scores %s table submissions in both CSV dialects, a strong team ahead of a weak one', (task, name, better) => {
    // Team 1 writes French-Excel CSV, team 2 plain CSV.
    for (const team of [1, 2]) {
      const weak = score({ task, team, skill: 0.1, attempt: 0 }).scores[name].public as number;
      const strong = score({ task, team, skill: 0.95, attempt: 5 }).scores[name].public as number;
      expect(better === 'higher' ? strong > weak : strong < weak).toBe(true);
    }
  });

  it('scores a sarcopenia zip (one folder, 500 masks, French-Excel areas) on Dice and area MSE', () => {
    const result = score({ task: 'sarcopenia', team: 1, skill: 0.8, attempt: 3 });
    expect(result.scores.dice.all).toBeGreaterThan(0.9);
    expect(result.scores.dice.public).not.toBeNull();
    expect(result.scores.dice.private).not.toBeNull();
    // Areas are within ~10% of ~12,000 mm2: an MSE far below the square of the area.
    expect(result.scores.area_mse.all).toBeLessThan(2_000 ** 2);
  });
});
