// `follow=director` screens obey what an organiser pins from the jury console (scene, task,
// language) and go back to their own rotation on release; other screens ignore the director.
import type { DirectorState } from '@podium/contracts';
import { SCENES, type SceneName, type ScreenParams } from './screen-params.js';

/** What the director pins (the feed's `director`); null fields keep the screen's own choice. */
export type DirectorPin = Pick<DirectorState, 'task' | 'lang'> & { scene: string | null };

/** The parameters the screen runs on now: its own, or the director's pin over them. */
export function directedParams(own: ScreenParams, pin: DirectorPin | null): ScreenParams {
  if (!own.followDirector || pin === null) return own;
  const scene = (SCENES as readonly string[]).includes(pin.scene ?? '') ? (pin.scene as SceneName) : null;
  if (scene === null && pin.task === null && pin.lang === null) return own;
  return {
    ...own,
    scene: scene ?? own.scene,
    // A pinned scene without a task covers every task (its first one for per-task scenes).
    task: scene !== null ? pin.task : (pin.task ?? own.task),
    lang: pin.lang ?? own.lang,
    // A pin holds still until released.
    rotateSeconds: scene !== null ? 0 : own.rotateSeconds,
  };
}
