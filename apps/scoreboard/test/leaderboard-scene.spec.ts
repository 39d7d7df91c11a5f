import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LeaderboardScene from '../src/components/leaderboard-scene.svelte';
import { GLIDE_ID, slotTransform } from '../src/lib/glide.js';
import { translator } from '../src/lib/messages.js';
import { T0, boardFor, lungTask } from './builders.js';

const t = translator('fr');

function renderBoard(teams: number, elapsedMs = 0, task = lungTask()) {
  const board = boardFor(task, teams);
  return render(LeaderboardScene, { props: { task, board, lang: 'fr', t, elapsedMs, highlight: null, now: T0 } });
}

/** jsdom has no Web Animations: record what the board asks for. */
function recordAnimations() {
  const played: { key: string; from: string; id: string }[] = [];
  const animate = vi.fn(function (this: HTMLElement, keyframes: Keyframe[]) {
    const animation = { id: '', playState: 'running', cancel: vi.fn(), effect: { getComputedTiming: () => ({ progress: 0 }) } };
    queueMicrotask(() => played.push({ key: this.dataset['key'] ?? '', from: String(keyframes[0]!.transform), id: animation.id }));
    return animation as unknown as Animation;
  });
  Object.defineProperty(Element.prototype, 'animate', { value: animate, configurable: true, writable: true });
  return played;
}

afterEach(() => {
  delete (Element.prototype as Partial<Element>).animate;
  vi.restoreAllMocks();
});

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

  it('glides moved rows from their old slot without reading layout', async () => {
    const played = recordAnimations();
    const layoutReads = vi.spyOn(Element.prototype, 'getBoundingClientRect');
    const task = lungTask();
    const before = boardFor(task, 20);
    const view = render(LeaderboardScene, { props: { task, board: before, lang: 'fr', t, elapsedMs: 0, highlight: null, now: T0 } });
    await tick();
    expect(played).toEqual([]);
    const order = [...view.container.querySelectorAll<HTMLElement>('ol.rows > li')].map((li) => li.dataset['key']);
    // The leader falls to the last place (bottom of column two), every other team climbs one.
    const after = boardFor(task, 20, before.rows, 1);
    await view.rerender({ board: after });
    await tick();
    const now = [...view.container.querySelectorAll<HTMLElement>('ol.rows > li')].map((li) => li.dataset['key']);
    expect(now).toEqual([...order.slice(1), order[0]]);
    expect(played).toHaveLength(20);
    expect(played.find((p) => p.key === order[0])).toEqual({ key: order[0], from: slotTransform({ columns: -1, rows: -9 }), id: GLIDE_ID });
    // The top of column two crosses to the bottom of column one; the others climb one slot.
    expect(played.find((p) => p.key === order[10])?.from).toBe(slotTransform({ columns: 1, rows: -9 }));
    expect(played.find((p) => p.key === order[3])?.from).toBe(slotTransform({ columns: 0, rows: 1 }));
    expect(layoutReads).not.toHaveBeenCalled();
  });

  it('does not glide rows whose place did not change', async () => {
    const played = recordAnimations();
    const task = lungTask();
    const before = boardFor(task, 12);
    const view = render(LeaderboardScene, { props: { task, board: before, lang: 'fr', t, elapsedMs: 0, highlight: null, now: T0 } });
    await tick();
    const inPlace = { ...before, rows: before.rows.map((row) => ({ ...row, submissions: row.submissions + 1 })) };
    await view.rerender({ board: inPlace });
    await tick();
    expect(view.container.querySelector('ol.rows > li .subs')?.textContent).toBe(String(before.rows.find((r) => r.rank === 1)!.submissions + 1));
    expect(played).toEqual([]);
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
