import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import LeaderboardScene from '../src/components/leaderboard-scene.svelte';
import { translator } from '../src/lib/messages.js';
import { T0, boardFor, lungTask } from './builders.js';

const t = translator('fr');

function renderBoard(teams: number, elapsedMs = 0, task = lungTask()) {
  const board = boardFor(task, teams);
  return render(LeaderboardScene, { props: { task, board, lang: 'fr', t, elapsedMs, highlight: null, now: T0 } });
}

describe('LeaderboardScene', () => {
  it('shows all 20 teams on one page, leader marked, scores with the task precision', () => {
    const { container } = renderBoard(20);
    const rows = container.querySelectorAll('ol.rows > li');
    expect(rows).toHaveLength(20);
    expect(container.querySelector('[data-testid="pager"]')).toBeNull();
    expect(rows[0].classList.contains('leader')).toBe(true);
    expect(rows[0].querySelector('.rank')?.textContent).toBe('1');
    expect(rows[0].querySelector('.score.primary')?.textContent?.trim()).toBe('0,790');
  });

  it('turns pages by itself beyond 20 teams', () => {
    const first = renderBoard(24, 0);
    expect(first.container.querySelectorAll('ol.rows > li')).toHaveLength(20);
    expect(first.container.querySelector('[data-testid="pager"]')?.textContent).toBe('Page 1/2');
    first.unmount();
    const second = renderBoard(24, 12_500);
    expect(second.container.querySelectorAll('ol.rows > li')).toHaveLength(4);
    expect(second.container.querySelector('[data-testid="pager"]')?.textContent).toBe('Page 2/2');
    expect(second.container.querySelector('ol.rows > li .rank')?.textContent).toBe('21');
  });

  it('says movement with an arrow and words, not only colour', () => {
    const task = lungTask();
    const before = boardFor(task, 5);
    const after = boardFor(task, 5, before.rows, 2);
    const { container } = render(LeaderboardScene, { props: { task, board: after, lang: 'fr', t, elapsedMs: 0, highlight: null, now: T0 } });
    const moves = [...container.querySelectorAll('ol.rows > li .move')].map((m) => `${m.textContent?.trim()}|${m.getAttribute('aria-label')}`);
    expect(moves).toContain('▲+2|monte de 2');
    expect(moves).toContain('▼−3|descend de 3');
  });

  it('puts raw scores under the name for a rank-sum task, points in the column', () => {
    const task = lungTask({ ranking: 'rank_sum', scores: [{ name: 'auc', better: 'max', label: { en: 'Dice', fr: 'Dice' } }, { name: 'mse', better: 'min' }] });
    const { container } = renderBoard(3, 0, task);
    const first = container.querySelector('ol.rows > li')!;
    expect(first.querySelector('.score.primary')?.textContent?.trim()).toMatch(/^\d+$/);
    expect(first.querySelector('.details')?.textContent).toContain('Dice 0,620');
  });

  it('explains an empty board instead of showing nothing', () => {
    const task = lungTask();
    const { container } = render(LeaderboardScene, { props: { task, board: null, lang: 'en', t: translator('en'), elapsedMs: 0, highlight: null, now: T0 } });
    expect(container.textContent).toContain('No scores yet');
  });
});
