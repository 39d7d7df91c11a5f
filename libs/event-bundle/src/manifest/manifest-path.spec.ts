import { describe, expect, it } from 'vitest';
import { closestName, formatPath, parsePath } from './manifest-path.js';

describe('manifest paths', () => {
  it('formats and parses the paths organisers read in problems', () => {
    const cases: [(string | number)[], string][] = [
      [['tasks', 1, 'scores', 0, 'metric'], 'tasks[1].scores[0].metric'],
      [['title', 'fr'], 'title.fr'],
      [['tasks', 0, 'submission', 'table', 'columns', 'area mm2', 'max'], 'tasks[0].submission.table.columns["area mm2"].max'],
      [[], ''],
    ];
    for (const [segments, text] of cases) {
      expect(formatPath(segments)).toBe(text);
      expect(parsePath(text)).toEqual(segments);
    }
  });

  it('suggests the closest known name for typos, including swapped letters', () => {
    const keys = ['opens_at', 'closes_at', 'freeze_at', 'leaderboard'];
    expect(closestName('closes_ta', keys)).toBe('closes_at');
    expect(closestName('leaderbord', keys)).toBe('leaderboard');
    expect(closestName('Opens_At', keys)).toBe('opens_at');
    expect(closestName('deadline', keys)).toBeUndefined();
  });
});
