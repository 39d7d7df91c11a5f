// A small event for the team view: five teams, `lung` open with a quota of 2 per hour, `ms` open
// with a freeze `freezeInMs` ahead (or hours ahead). Reuses the live round's answer keys and
// prediction builders, so files and scores are deterministic.
import { buildBundleZip } from '@podium/event-bundle';
import { lungAnswerKeyCsv, msAnswerKeyCsv } from './live-event.js';

export const TEAM_EVENT_TEAMS = [
  { slug: 'alpha', name: 'Alpha Radiologie' },
  { slug: 'beta', name: 'Beta Imaging' },
  { slug: 'gamma', name: 'Gamma Lab' },
  { slug: 'delta', name: 'Delta Santé' },
  { slug: 'epsilon', name: 'Epsilon IA' },
] as const;

export const LUNG_QUOTA = 2;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function teamEventBundle(slug: string, now: number, freezeInMs = 3 * 3600_000): Uint8Array {
  const minute = 60_000;
  const yaml = `slug: ${slug}
title: { en: "Podium e2e - team view", fr: "Podium e2e - vue équipe" }
timezone: Europe/Paris
teams:
${TEAM_EVENT_TEAMS.map((team) => `  - { slug: ${team.slug}, name: ${JSON.stringify(team.name)} }`).join('\n')}
tasks:
  - slug: lung
    title: { en: "Lung", fr: "Poumon" }
    opens_at: ${iso(now - 30 * minute)}
    closes_at: ${iso(now + 240 * minute)}
    leaderboard: best
    precision: 3
    quota: { submissions: ${LUNG_QUOTA}, per_minutes: 60 }
    answer_key: keys/lung.csv
    submission:
      table:
        id: examen_id
        columns: { probability: { type: number, min: 0, max: 1 } }
    scores:
      - { name: auc, metric: auc, truth: status, prediction: probability }
  - slug: ms
    title: { en: "Multiple sclerosis", fr: "Sclérose en plaques" }
    opens_at: ${iso(now - 30 * minute)}
    closes_at: ${iso(now + freezeInMs + 60 * minute)}
    freeze_at: ${iso(Math.ceil((now + freezeInMs) / 1000) * 1000)}
    leaderboard: best
    precision: 3
    answer_key: keys/ms.csv
    submission:
      table: { id: sequence, columns: { edss: { type: number, min: 0, max: 10 } } }
    scores:
      - { name: mse, metric: mse, truth: edss, prediction: edss }
`;
  return buildBundleZip({ 'event.yaml': yaml, 'keys/lung.csv': lungAnswerKeyCsv(), 'keys/ms.csv': msAnswerKeyCsv() });
}
