// Drives the scene cycle from the screen's clock; the cycle itself is the pure `buildPlaylist`.
import { PAGE_SECONDS, ROWS_PER_PAGE, pageCount } from './leaderboard-layout.js';
import { advanceRotation, buildPlaylist, type RotationPosition, type Slide } from './rotation.js';
import type { ScreenStore } from './screen-store.svelte.js';

export class RotationController {
  private readonly store: ScreenStore;
  position = $state.raw<RotationPosition>({ index: 0, startedAt: 0 });
  private shownKey: string | null = null;

  readonly playlist: Slide[] = $derived.by(() => {
    const store = this.store;
    const pagesByTask: Record<string, number> = {};
    for (const [slug, task] of Object.entries(store.live.tasks)) pagesByTask[slug] = pageCount(task.leaderboard.rows.length, ROWS_PER_PAGE);
    return buildPlaylist({
      tasks: store.event?.tasks ?? [],
      scene: store.shown.scene,
      task: store.shown.task,
      rotateSeconds: store.shown.rotateSeconds,
      pagesByTask,
      pageSeconds: PAGE_SECONDS,
    });
  });

  readonly slide: Slide = $derived(this.playlist[this.position.index % this.playlist.length]);
  /** Time the current slide has been on screen (pages turn with it). */
  readonly elapsedMs: number = $derived.by(() => Math.max(0, this.store.now - this.position.startedAt));

  constructor(store: ScreenStore) {
    this.store = store;
    this.position = { index: 0, startedAt: store.now };
  }

  tick(now: number): void {
    // A director's pin or release starts the new playlist from its first slide, now.
    const shown = this.store.shown;
    const key = `${shown.scene}|${shown.task}|${shown.rotateSeconds}`;
    if (key !== this.shownKey) {
      const first = this.shownKey === null;
      this.shownKey = key;
      if (!first) {
        this.position = { index: 0, startedAt: now };
        return;
      }
    }
    const next = advanceRotation(this.playlist, this.position, now);
    if (next.index !== this.position.index || next.startedAt !== this.position.startedAt) this.position = next;
  }
}
