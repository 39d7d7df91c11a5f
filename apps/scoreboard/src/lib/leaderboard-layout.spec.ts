import { describe, expect, it } from 'vitest';
import { boardFor, lungTask } from '../../test/builders.js';
import { ROWS_PER_PAGE, boardLayout, changedTeams, metricCaption, screenScore, movementBadge, nameSize, orderChanged, pageAt, pageCount, pageRows, scoreColumns } from './leaderboard-layout.js';
import { translator } from './messages.js';

const t = translator('fr');

describe('leaderboard layout', () => {
  it('shows no badge for a team without a rank', () => {
    expect(movementBadge(null, t)).toEqual({ kind: 'unranked', arrow: '', short: '', label: '' });
  });

  it('tells a reorder from scores changing in place', () => {
    const task = lungTask();
    const first = boardFor(task, 6);
    const reordered = boardFor(task, 6, first.rows, 2);
    expect(orderChanged(first.rows, reordered.rows)).toBe(true);
    const inPlace = first.rows.map((row) => ({ ...row, scores: { auc: (row.scores['auc'] ?? 0) + 0.001 }, submissions: row.submissions + 1 }));
    expect(orderChanged(first.rows, inPlace)).toBe(false);
    // Tied teams swapping places is a reorder too: the server's order is the order drawn.
    expect(orderChanged(first.rows, [...first.rows].reverse())).toBe(true);
    expect(orderChanged(first.rows, first.rows.slice(1))).toBe(true);
  });

  it('fits 20 teams on one page and turns pages beyond', () => {
    expect(pageCount(20)).toBe(1);
    expect(pageCount(21)).toBe(2);
    expect(pageCount(0)).toBe(1);
    const rows = Array.from({ length: 45 }, (_, i) => i);
    expect(pageRows(rows, 2)).toEqual([40, 41, 42, 43, 44]);
    expect(pageRows(rows, 0)).toHaveLength(ROWS_PER_PAGE);
    expect([0, 11_999, 12_000, 24_000, 36_000].map((ms) => pageAt(3, ms, 12))).toEqual([0, 0, 1, 2, 0]);
    expect(pageAt(1, 99_000, 12)).toBe(0);
  });

  it('shows movement with a distinct glyph and words, not colour alone', () => {
    expect(movementBadge({ kind: 'up', previousRank: 5, places: 3 }, t)).toEqual({ kind: 'up', arrow: '▲', short: '+3', label: 'monte de 3' });
    expect(movementBadge({ kind: 'down', previousRank: 1, places: -2 }, t)).toMatchObject({ arrow: '▼', short: '−2', label: 'descend de 2' });
    expect(movementBadge({ kind: 'new', previousRank: null, places: 0 }, translator('en'))).toMatchObject({ arrow: '✚', short: 'NEW' });
    expect(movementBadge({ kind: 'same', previousRank: 4, places: 0 }, t)).toMatchObject({ arrow: '=', short: '' });
  });

  it('puts points first for rank-aggregated tasks', () => {
    const task = lungTask({ ranking: 'rank_sum', scores: [{ name: 'dice', better: 'max' }, { name: 'mse', better: 'min', label: { en: 'Area MSE', fr: 'MSE aire' } }] });
    expect(scoreColumns(task, t, 'fr').map((c) => [c.key, c.label, c.primary])).toEqual([
      ['points', 'Points', true],
      ['dice', 'DICE', false],
      ['mse', 'MSE aire', false],
    ]);
    expect(scoreColumns(lungTask(), t, 'fr').map((c) => [c.key, c.primary])).toEqual([['auc', true]]);
  });

  it('flags the teams that changed their own score or entered, not those pushed down', () => {
    const task = lungTask();
    const first = boardFor(task, 4);
    expect(changedTeams(null, first.rows)).toEqual([]);
    const last = first.rows.at(-1)!;
    const jumped = { ...last, rank: 1, scores: { auc: 0.99 } };
    const pushed = first.rows.slice(0, -1).map((r) => ({ ...r, rank: (r.rank ?? 0) + 1 }));
    const newcomer = { ...last, team: { slug: 'newcomer', name: 'Newcomer', category: null } };
    expect(changedTeams(first.rows, [jumped, ...pushed, newcomer])).toEqual([last.team.slug, 'newcomer']);
    expect(changedTeams(first.rows, first.rows)).toEqual([]);
  });
});

describe('nameSize', () => {
  it('keeps short names at full size and steps long ones down before the ellipsis', () => {
    expect(nameSize('Owkin')).toBe('normal');
    expect(nameSize('Strasbourg ICube!')).toBe('normal'); // 17
    expect(nameSize('Radiologues de Lyon')).toBe('long'); // 19
    expect(nameSize('Gustave Roussy Imaging')).toBe('longer'); // 22
    expect(nameSize('Télécom Paris Équipe A')).toBe('longer'); // counts characters, not UTF-16 units
  });
});

describe('boardLayout', () => {
  it('gives few teams one wide column of bigger rows that fill the height', () => {
    expect(boardLayout(6)).toEqual({ columns: 1, rowsPerColumn: 6, scale: 10 / 6 });
    expect(boardLayout(10)).toEqual({ columns: 1, rowsPerColumn: 10, scale: 1 });
    expect(boardLayout(1)).toEqual({ columns: 1, rowsPerColumn: 4, scale: 1.8 });
  });
  it('splits more teams into two columns, twenty at the reference size', () => {
    expect(boardLayout(12)).toEqual({ columns: 2, rowsPerColumn: 6, scale: 1.25 });
    expect(boardLayout(20)).toEqual({ columns: 2, rowsPerColumn: 10, scale: 1 });
    expect(boardLayout(17)).toEqual({ columns: 2, rowsPerColumn: 9, scale: 10 / 9 });
  });
});

describe('screen numbers', () => {
  it('shows large values (an area MSE) whole, so they fit and are never cut', () => {
    expect(screenScore(1_877_782.123456, 4, 'en')).toBe('1,877,782');
    expect(screenScore(0.976234, 4, 'en')).toBe('0.9762');
    expect(screenScore(null, 4, 'en')).toBe('—');
  });

  it('captions the overview with the metric, or the points and what they add up', () => {
    const tr = translator('en');
    expect(metricCaption(lungTask(), tr, 'en')).toEqual({ label: 'AUC', detail: null });
    const sarcopenia = lungTask({ ranking: 'rank_sum', scores: [{ name: 'dice', better: 'max' }, { name: 'area_mse', better: 'min' }] });
    expect(metricCaption(sarcopenia, tr, 'en')).toEqual({ label: 'Points', detail: 'DICE + AREA_MSE' });
  });
});
