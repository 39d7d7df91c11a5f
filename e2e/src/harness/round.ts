// Starts the API, imports the live event and gives every team a first score on lung and ms.
import { ApiProcess } from './api-process.js';
import { LIVE_EVENT, liveEventBundle, lungPredictionCsv, msPredictionCsv, TEAM_NAMES, teamSlug, type LiveEventTimes } from './live-event.js';
import { inBatches, submitCsv, waitSettled } from './submissions.js';

export interface Round {
  api: ApiProcess;
  event: string;
  tokens: Map<string, string>;
  /** Lung skill given to each team (index = position in TEAM_NAMES). */
  lungSkills: number[];
  /** The instant the event's windows were placed around (to re-import the same event, corrected). */
  now: Date;
}

export async function startRound(times: Omit<LiveEventTimes, 'now'> & { freezeInMs?: number } = {}): Promise<Round> {
  const api = await ApiProcess.start();
  const now = new Date();
  const msFreezeAt = times.freezeInMs === undefined ? times.msFreezeAt : new Date(now.getTime() + times.freezeInMs);
  const imported = await api.importBundle(liveEventBundle({ now, msFreezeAt }));
  const tokens = new Map(imported.teams.map((team) => [team.slug, team.token]));
  // Skills well below 0.5 (from 0.5 up, positives and negatives separate: AUC 1): nobody starts
  // with a perfect score, so the test's perfect file leads alone.
  const lungSkills = TEAM_NAMES.map((_, i) => 0.01 + ((i * 7) % 20) * 0.011);
  const jobs = TEAM_NAMES.flatMap((name, i) => {
    const token = tokens.get(teamSlug(name))!;
    return [
      async () => waitSettled(api.url, token, (await submitCsv(api.url, token, LIVE_EVENT, 'lung', lungPredictionCsv(lungSkills[i]!, i + 1))).id),
      async () => waitSettled(api.url, token, (await submitCsv(api.url, token, LIVE_EVENT, 'ms', msPredictionCsv(0.5 + i * 0.15, 100 + i))).id),
    ];
  });
  await inBatches(jobs, 4);
  return { api, event: LIVE_EVENT, tokens, lungSkills, now };
}
