// The ceremony scene's pure parts: where the build-up stands, place names, the podium. The
// screen renders the steps the feed sent; it never ranks anything itself.
import type { Language, RevealStepData } from '@podium/contracts';
import { formatOrdinal } from '@podium/ui';
import type { RevealMoment } from './screen-store.svelte.js';

/** The prize title alone, then a 3-2-1 drum roll, then the team. */
export const TITLE_MS = 1200;
export const DRUM_MS = 3000;
export const BUILDUP_MS = TITLE_MS + DRUM_MS;

export type RevealPhase = { phase: 'buildup'; count: number | null } | { phase: 'revealed' };

/** A step that just arrived live builds up; one from a snapshot (or an older one) shows at once. */
export function revealPhase(moment: RevealMoment | null, step: RevealStepData | null, now: number): RevealPhase {
  if (!moment || !step || moment.key !== stepKey(step)) return { phase: 'revealed' };
  // The screen's clock ticks every 250 ms: it may still read a little before the arrival.
  const elapsed = Math.max(0, now - moment.at);
  if (elapsed >= BUILDUP_MS) return { phase: 'revealed' };
  if (elapsed < TITLE_MS) return { phase: 'buildup', count: null };
  return { phase: 'buildup', count: 3 - Math.floor(((elapsed - TITLE_MS) / DRUM_MS) * 3) };
}

export const stepKey = (s: Pick<RevealStepData, 'ceremony' | 'task' | 'step'>): string => `${s.ceremony}/${s.task}/${s.step}`;

/** "1st place" / "1re place" (French `place` is feminine). */
export function placeName(n: number, lang: Language): string {
  if (lang === 'fr') return `${n === 1 ? '1re' : `${n}e`} place`;
  return `${formatOrdinal(n, lang)} place`;
}

/** Podium places 1-3 of the task's whole ranking revealed so far (category prizes are not on it). */
export function podium(revealed: readonly RevealStepData[]): Map<1 | 2 | 3, RevealStepData> {
  const out = new Map<1 | 2 | 3, RevealStepData>();
  for (const s of revealed) if (!s.prize?.category && s.place >= 1 && s.place <= 3) out.set(s.place as 1 | 2 | 3, s);
  return out;
}
