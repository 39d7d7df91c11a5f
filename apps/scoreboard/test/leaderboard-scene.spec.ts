import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LeaderboardScene from '../src/components/leaderboard-scene.svelte';
import { translator } from '../src/lib/messages.js';
import { T0, boardFor, lungTask } from './builders.js';

const t = translator('fr');

function renderBoard(teams: number, elapsedMs = 0, task = lungTask()) {
  const board = boardFor(task, teams);
  return render(LeaderboardScene, { props: { task, board, lang: 'fr', t, elapsedMs, highlight: null, now: T0 } });
}

/** Rows as the audience sees them: by slot (the document keeps them in a stable order). */
function shownRows(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('ol.rows > li')].sort((a, b) => Number(a.dataset['slot']) - Number(b.dataset['slot']));
}

afterEach(() => vi.restoreAllMocks());

describe('LeaderboardScene', () => {
  it('shows all 20 teams on one page, leader marked, scores with the task precision', () => {
    const { container } = renderBoard(20);
    const rows = shownRows(container);
    expect(rows).toHaveLength(20);
    expect(container.querySelector('[data-testid="pager"]')).toBeNull();
    expect(rows[0].classList.contains('leader')).toBe(true);
    expect(rows[0].querySelector('.rank')?.textContent).toBe('1');
    expect(rows[0].querySelector('.score.primary')?.textContent?.trim()).toBe('0,790');
  });

  it('draws tied teams in the server order (who reached the score first), never by name', () => {
    const task = lungTask();
    const board = boardFor(task, 6);
    // The server ranks "Team F" and "Team B" equal first, F having reached the score first.
    const [a, b, c, d, e, f] = board.rows;
    const rows = [{ ...f!, rank: 1 }, { ...b!, rank: 1 }, { ...a!, rank: 3 }, { ...c!, rank: 4 }, { ...d!, rank: 5 }, { ...e!, rank: 6 }];
    const { container } = render(LeaderboardScene, { props: { task, board: { ...board, rows }, lang: 'fr', t, elapsedMs: 0, highlight: null, now: T0 } });
    expect(shownRows(container).map((li) => li.querySelector('.name')?.textContent)).toEqual(rows.map((r) => r.team.name));
  });

  it('gives six teams one wide column of bigger rows that fill the board', () => {
    const { container } = renderBoard(6);
    const board = container.querySelector<HTMLElement>('[data-testid="leaderboard"]')!;
    expect(board.style.getPropertyValue('--columns')).toBe('1');
    expect(board.style.getPropertyValue('--per-column')).toBe('6');
    expect(Number(board.style.getPropertyValue('--s'))).toBeGreaterThan(1.5);
    expect(container.querySelectorAll('.headers .head')).toHaveLength(1);
    expect(shownRows(container).map((li) => li.style.getPropertyValue('--column'))).toEqual(['0', '0', '0', '0', '0', '0']);
  });

  it('turns pages by itself beyond 20 teams', () => {
    const first = renderBoard(24, 0);
    expect(first.container.querySelectorAll('ol.rows > li')).toHaveLength(20);
    expect(first.container.querySelector('[data-testid="pager"]')?.textContent).toBe('Page 1/2');
    first.unmount();
    const second = renderBoard(24, 12_500);
    expect(second.container.querySelectorAll('ol.rows > li')).toHaveLength(4);
    expect(second.container.querySelector('[data-testid="pager"]')?.textContent).toBe('Page 2/2');
    expect(shownRows(second.container)[0]!.querySelector('.rank')?.textContent).toBe('21');
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

  it('moves rows by slot, never in the document, and reads no layout', async () => {
    const layoutReads = vi.spyOn(Element.prototype, 'getBoundingClientRect');
    const task = lungTask();
    const before = boardFor(task, 20);
    const view = render(LeaderboardScene, { props: { task, board: before, lang: 'fr', t, elapsedMs: 0, highlight: null, now: T0 } });
    const elements = [...view.container.querySelectorAll<HTMLElement>('ol.rows > li')];
    const order = shownRows(view.container).map((li) => li.dataset['key']);
    // The leader falls to the last place (bottom of column two), every other team climbs one.
    await view.rerender({ board: boardFor(task, 20, before.rows, 1) });
    await tick();
    expect(shownRows(view.container).map((li) => li.dataset['key'])).toEqual([...order.slice(1), order[0]]);
    // Rows that stay in their column are the same elements (their transform transitions glide);
    // the two that change column are re-created there (they appear, never cross the board).
    const hopped = new Set([order[0], order[10]]);
    for (const li of elements) expect(li.isConnected, li.dataset['key']).toBe(!hopped.has(li.dataset['key']));
    expect(view.container.querySelectorAll('ol.rows > li')).toHaveLength(20);
    const slotOf = (key: string | undefined) => {
      const li = view.container.querySelector<HTMLElement>(`ol.rows > li[data-key="${key}"]`)!;
      return [li.style.getPropertyValue('--column'), li.style.getPropertyValue('--line'), li.getAttribute('aria-posinset')];
    };
    expect(slotOf(order[0])).toEqual(['1', '9', '20']);
    expect(slotOf(order[10])).toEqual(['0', '9', '10']);
    expect(slotOf(order[3])).toEqual(['0', '2', '3']);
    expect(layoutReads).not.toHaveBeenCalled();
  });

  it('updates a row in place when the order holds', async () => {
    const task = lungTask();
    const before = boardFor(task, 12);
    const view = render(LeaderboardScene, { props: { task, board: before, lang: 'fr', t, elapsedMs: 0, highlight: null, now: T0 } });
    const slots = () => shownRows(view.container).map((li) => `${li.dataset['key']}@${li.style.getPropertyValue('--column')},${li.style.getPropertyValue('--line')}`);
    const was = slots();
    await view.rerender({ board: { ...before, rows: before.rows.map((row) => ({ ...row, submissions: row.submissions + 1 })) } });
    await tick();
    expect(slots()).toEqual(was);
    const leader = before.rows.find((row) => row.rank === 1)!;
    expect(shownRows(view.container)[0]!.querySelector('.subs')?.textContent).toBe(String(leader.submissions + 1));
  });

  it('puts raw scores under the name for a rank-sum task, points in the column', () => {
    const task = lungTask({ ranking: 'rank_sum', scores: [{ name: 'auc', better: 'max', label: { en: 'Dice', fr: 'Dice' } }, { name: 'mse', better: 'min' }] });
    const { container } = renderBoard(3, 0, task);
    const first = shownRows(container)[0]!;
    expect(first.querySelector('.score.primary')?.textContent?.trim()).toMatch(/^\d+$/);
    expect(first.querySelector('.details')?.textContent).toContain('Dice 0,620');
  });

  it('explains an empty board instead of showing nothing', () => {
    const task = lungTask();
    const { container } = render(LeaderboardScene, { props: { task, board: null, lang: 'en', t: translator('en'), elapsedMs: 0, highlight: null, now: T0 } });
    expect(container.textContent).toContain('No scores yet');
  });
});
