// The scene cycle: which slide is on screen, and for how long. Pure: the controller only feeds time.
import type { TaskPublicView } from '@podium/contracts';
import type { SceneName } from './screen-params.js';

export interface Slide {
  scene: SceneName;
  /** Task the slide is about; null for scenes covering every task. */
  task: string | null;
  seconds: number;
}

export interface PlaylistInput {
  tasks: readonly TaskPublicView[];
  scene: SceneName | null;
  task: string | null;
  rotateSeconds: number;
  /** Leaderboard pages per task: a slide stays until every page has been seen. */
  pagesByTask: Readonly<Record<string, number>>;
  pageSeconds: number;
}

const PER_TASK: ReadonlySet<SceneName> = new Set(['leaderboard', 'race']);

export function buildPlaylist(input: PlaylistInput): Slide[] {
  const { tasks, rotateSeconds } = input;
  const focus = input.task !== null ? tasks.filter((t) => t.slug === input.task) : tasks;
  const slugs = focus.length > 0 ? focus.map((t) => t.slug) : input.task !== null ? [input.task] : [];
  const firstTask = slugs[0] ?? null;
  const dwell = (scene: SceneName, task: string | null): number => {
    const pages = input.pagesByTask[task ?? ''] ?? 1;
    if (scene !== 'leaderboard' || task === null || pages <= 1) return rotateSeconds;
    return Math.max(rotateSeconds, pages * input.pageSeconds);
  };
  if (rotateSeconds === 0) {
    const scene = input.scene ?? 'leaderboard';
    return [{ scene, task: PER_TASK.has(scene) || input.task ? firstTask : null, seconds: 0 }];
  }
  const scenes: SceneName[] = input.scene ? [input.scene] : ['leaderboard', 'overview', 'race', 'ticker', 'countdown'];
  const slides: Slide[] = [];
  for (const scene of scenes) {
    if (PER_TASK.has(scene)) {
      const eligible = scene === 'race' ? slugs.filter((s) => tasks.find((t) => t.slug === s)?.clock.phase !== 'upcoming') : slugs;
      for (const task of eligible) slides.push({ scene, task, seconds: dwell(scene, task) });
    } else if (scene === 'overview' && slugs.length < 2 && !input.scene) {
      continue; // one task: the leaderboard already says everything the overview would
    } else {
      slides.push({ scene, task: input.task, seconds: dwell(scene, null) });
    }
  }
  return slides.length > 0 ? slides : [{ scene: input.scene ?? 'leaderboard', task: firstTask, seconds: rotateSeconds }];
}

export interface RotationPosition {
  index: number;
  /** When the current slide appeared (ms). */
  startedAt: number;
}

/** Moves on when the current slide has had its time; a shrunken playlist wraps around. */
export function advanceRotation(playlist: readonly Slide[], position: RotationPosition, now: number): RotationPosition {
  if (playlist.length === 0) return { index: 0, startedAt: position.startedAt };
  let index = position.index % playlist.length;
  let startedAt = position.startedAt;
  if (index !== position.index) return { index, startedAt: now };
  const slide = playlist[index];
  if (slide.seconds <= 0 || playlist.length === 1) return { index, startedAt };
  // Catch up whole slides if the tab was asleep, without flashing through them.
  while (now - startedAt >= playlist[index].seconds * 1000) {
    startedAt += playlist[index].seconds * 1000;
    index = (index + 1) % playlist.length;
    if (now - startedAt > 3_600_000) startedAt = now;
  }
  return { index, startedAt };
}
