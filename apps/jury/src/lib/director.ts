// What the director may pin on `follow=director` screens, and how the console says it.
import type { DirectorState, EventPublicView, Language } from '@podium/contracts';
import { DIRECTOR_SCENES, pickText } from '@podium/contracts';
import type { Translate } from './messages.js';

export { DIRECTOR_SCENES };

export function describeDirector(state: DirectorState, event: EventPublicView | null, lang: Language, t: Translate): string {
  const parts: string[] = [];
  parts.push((DIRECTOR_SCENES as readonly string[]).includes(state.scene) ? t(`scene.${state.scene}`) : state.scene);
  if (state.task) {
    const task = event?.tasks.find((x) => x.slug === state.task);
    parts.push(task ? pickText(task.title, lang) : state.task);
  }
  if (state.lang) parts.push(state.lang.toUpperCase());
  return parts.join(' · ');
}
