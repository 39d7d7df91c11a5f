// In-page probes: what the screen shows, read from the DOM the audience sees.
import type { Page } from 'playwright-core';

export interface ShownRow {
  team: string;
  rank: string;
  submissions: string;
  visible: boolean;
}

/** Leaderboard rows as displayed (by slot), with whether each lies inside the viewport (no scrolling). */
export function shownRows(page: Page): Promise<ShownRow[]> {
  return page.$$eval('[data-testid="leaderboard"] ol.rows > li[data-key]', (rows) =>
    rows.sort((a, b) => Number(a.getAttribute('data-slot')) - Number(b.getAttribute('data-slot'))).map((row) => {
      const box = row.getBoundingClientRect();
      return {
        team: row.querySelector('.name')?.textContent?.trim() ?? '',
        rank: row.querySelector('.rank')?.textContent?.trim() ?? '',
        submissions: row.querySelector('.subs')?.textContent?.trim() ?? '',
        visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth,
      };
    }),
  );
}

export interface Leading {
  /** Page clock (Date.now(), the same machine clock as the test) at the DOM change. */
  at: number;
  /** Rows gliding to their new place at that moment (running CSS transitions of their transform). */
  gliding: number;
}

/**
 * Resolves at the first DOM change that shows `team` ranked first (ties share rank 1). Start it
 * before causing the change.
 */
export function whenLeading(page: Page, team: string, timeoutMs: number): Promise<Leading> {
  return page.evaluate(
    ({ team, timeoutMs }) =>
      new Promise<{ at: number; gliding: number }>((resolve, reject) => {
        const list = document.querySelector('[data-testid="leaderboard"] ol.rows');
        if (!list) return reject(new Error('no leaderboard rows on the page'));
        const rank = () => list.querySelector(`:scope > li[data-key="${CSS.escape(team)}"] .rank`)?.textContent?.trim();
        const gliding = () =>
          [...list.children].filter((row) => row.getAnimations().some((a) => a instanceof CSSTransition && a.transitionProperty === 'transform' && a.playState === 'running')).length;
        if (rank() === '1') return resolve({ at: Date.now(), gliding: gliding() });
        const observer = new MutationObserver(() => {
          if (rank() !== '1') return;
          observer.disconnect();
          // Observer callbacks run after the update's task; getAnimations() brings styles up to date, which starts the glides.
          const at = Date.now();
          resolve({ at, gliding: gliding() });
        });
        observer.observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
        setTimeout(() => {
          observer.disconnect();
          reject(new Error(`${team} not ranked first after ${timeoutMs} ms (shown rank: ${rank()})`));
        }, timeoutMs);
      }),
    { team, timeoutMs },
  );
}

/** What a live update changed (the screen's `detail.kind` on its `podium:screen-update` measures). */
export const UPDATE_KINDS = ['reorder', 'board', 'other'] as const;

export interface ScreenUpdate {
  kind: (typeof UPDATE_KINDS)[number];
  ms: number;
}

/** The screen's update measures since the last call (cleared as they are read). */
export function takeScreenUpdates(page: Page): Promise<ScreenUpdate[]> {
  return page.evaluate(() => {
    const entries = performance.getEntriesByName('podium:screen-update') as PerformanceMeasure[];
    performance.clearMeasures('podium:screen-update');
    return entries.map((entry) => ({ kind: (entry.detail as { kind: ScreenUpdate['kind'] }).kind, ms: entry.duration }));
  });
}

export function percentiles(values: number[]): { count: number; p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: p95 of 20 values is the 19th, not the worst.
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

/** A Chrome trace event (the fields read here). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of a complete event, in µs: what the thread actually ran. */
  tdur?: number;
}

/** Trace categories for `threadCpuOfUpdates`: the screen's measures and the JS tasks around them. */
export const UPDATE_TRACE_CATEGORIES = 'blink.user_timing,v8';

/**
 * Main-thread CPU time (ms) of the JS task that applied each `podium:screen-update`, in order.
 * The measure itself is wall time: on a loaded machine the renderer's main thread is descheduled
 * mid-update (compositor, JIT and other processes take the cores), which inflates single frames
 * several-fold. The task's thread time counts only what the main thread ran - the screen's cost -
 * and covers the whole socket message (decode and feed client included), so it is an upper bound.
 */
export function threadCpuOfUpdates(events: readonly TraceEvent[]): number[] {
  const marks = events.filter((e) => e.name === 'podium:screen-update' && (e.ph === 'b' || e.ph === 'e')).sort((a, b) => a.ts - b.ts);
  const tasks = events.filter((e) => e.name === 'v8.callFunction' && e.ph === 'X' && e.dur !== undefined);
  const cpu: number[] = [];
  for (const begin of marks.filter((e) => e.ph === 'b')) {
    // The outermost JS call on the same thread that contains the start of the update.
    const around = tasks.filter((t) => t.pid === begin.pid && t.tid === begin.tid && t.ts <= begin.ts && t.ts + t.dur! >= begin.ts);
    const task = around.sort((a, b) => b.dur! - a.dur!)[0];
    cpu.push(task?.tdur === undefined ? Number.NaN : task.tdur / 1000);
  }
  return cpu;
}
