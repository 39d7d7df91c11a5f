// What the director may pin on `follow=director` screens, and how the console says it.
import type { EventPublicView, Language } from '@podium/contracts';
import { pickText } from '@podium/contracts';
import type { DirectorState } from './jury-wire.js';
import type { Translate } from './messages.js';

export const DIRECTOR_SCENES = ['leaderboard', 'overview', 'race', 'ticker', 'countdown'] as const;

export function describeDirector(state: DirectorState, event: EventPublicView | null, lang: Language, t: Translate): string {
  const parts: string[] = [];
  if (state.scene && (DIRECTOR_SCENES as readonly string[]).includes(state.scene)) parts.push(t(`scene.${state.scene as (typeof DIRECTOR_SCENES)[number]}`));
  else if (state.scene) parts.push(state.scene);
  if (state.task) {
    const task = event?.tasks.find((x) => x.slug === state.task);
    parts.push(task ? pickText(task.title, lang) : state.task);
  }
  if (state.lang) parts.push(state.lang.toUpperCase());
  return parts.join(' · ');
}
