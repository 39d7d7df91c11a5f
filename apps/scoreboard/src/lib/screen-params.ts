// The screen is configured by its URL only: nobody touches a mouse at the venue.
import type { Language } from '@podium/contracts';
import { languageFromBrowser } from '@podium/ui';

export const SCENES = ['leaderboard', 'overview', 'race', 'ticker', 'countdown', 'ceremony'] as const;
export type SceneName = (typeof SCENES)[number];

export interface ScreenParams {
  event: string | null;
  task: string | null;
  /** Pinned (rotate 0) or starting scene; null = the default cycle. */
  scene: SceneName | null;
  lang: Language;
  /** Seconds per scene; 0 = no rotation. */
  rotateSeconds: number;
  /** `follow=director`: obey what the jury's director pins (scene, task, language) until released. */
  followDirector: boolean;
  /**
   * `rehearsal=1`: show the ceremony rehearsal. The screen then subscribes with the jury session
   * of this browser (signed in on /jury); the public feed never carries a rehearsal.
   */
  rehearsal: boolean;
}

export const DEFAULT_ROTATE_SECONDS = 20;
const MIN_ROTATE_SECONDS = 5;
const MAX_ROTATE_SECONDS = 3600;

export interface ParsedScreenParams {
  params: ScreenParams;
  /** Ignored or corrected values, for the console (the screen itself shows the board anyway). */
  warnings: string[];
}

export function parseScreenParams(search: string, browserLanguage = 'fr'): ParsedScreenParams {
  const query = new URLSearchParams(search);
  const warnings: string[] = [];
  const slug = (name: string): string | null => {
    const value = query.get(name)?.trim() ?? '';
    if (value === '') return null;
    if (!/^[a-z0-9][a-z0-9-]*$/i.test(value)) {
      warnings.push(`${name}="${value}" is not a slug; ignored.`);
      return null;
    }
    return value.toLowerCase();
  };

  const sceneRaw = query.get('scene');
  let scene: SceneName | null = null;
  if (sceneRaw !== null) {
    if ((SCENES as readonly string[]).includes(sceneRaw)) scene = sceneRaw as SceneName;
    else warnings.push(`scene="${sceneRaw}" is unknown; expected one of ${SCENES.join(', ')}.`);
  }

  const langRaw = query.get('lang');
  let lang: Language = languageFromBrowser(browserLanguage);
  if (langRaw === 'fr' || langRaw === 'en') lang = langRaw;
  else if (langRaw !== null) warnings.push(`lang="${langRaw}" is unknown; expected fr or en.`);

  // A pinned scene stays put unless a rotation is asked for explicitly.
  let rotateSeconds = scene ? 0 : DEFAULT_ROTATE_SECONDS;
  const rotateRaw = query.get('rotate');
  if (rotateRaw !== null) {
    const value = Number(rotateRaw);
    if (!Number.isFinite(value) || value < 0) {
      warnings.push(`rotate="${rotateRaw}" must be a number of seconds (0 = off); using ${rotateSeconds}.`);
    } else if (value === 0) {
      rotateSeconds = 0;
    } else {
      rotateSeconds = Math.min(MAX_ROTATE_SECONDS, Math.max(MIN_ROTATE_SECONDS, Math.round(value)));
      if (rotateSeconds !== value) warnings.push(`rotate=${rotateRaw} adjusted to ${rotateSeconds} s.`);
    }
  }

  const followRaw = query.get('follow');
  const followDirector = followRaw === 'director';
  if (followRaw !== null && !followDirector) warnings.push(`follow="${followRaw}" is unknown; expected director.`);

  const rehearsalRaw = query.get('rehearsal');
  const rehearsal = rehearsalRaw === '1' || rehearsalRaw === 'true';
  if (rehearsalRaw !== null && !rehearsal && rehearsalRaw !== '0' && rehearsalRaw !== 'false') warnings.push(`rehearsal="${rehearsalRaw}" is unknown; expected 1.`);

  return { params: { event: slug('event'), task: slug('task'), scene, lang, rotateSeconds, followDirector, rehearsal }, warnings };
}
