// A live round built relative to "now": 20 teams, a probability task (AUC) open for hours, a
// regression task (MSE) closing within ten minutes with a freeze a few seconds ahead, and a task
// not open yet. Answer keys and team predictions are deterministic (seeded), so boards are
// reproducible and scores rarely tie.
import { createRng } from '@podium/scoring';
import { buildBundleZip } from '@podium/event-bundle';

export const LIVE_EVENT = 'e2e-live';

export const TEAM_NAMES = [
  'Owkin',
  'Radiologues de Lyon',
  'Paris Students',
  'Neuro AI',
  'Gustave Roussy Imaging',
  'Nantes Deep Radiology',
  'CHU Bordeaux IA',
  'Télécom Paris',
  'Inria Epione',
  'Therapixel',
  'Hospices Civils de Lyon - Imagerie Avancée',
  'Pixyl',
  'AP-HP Data Lab',
  'Strasbourg ICube',
  'Lille Radiomics',
  'Marseille AMU',
  'Toulouse IRIT',
  'Grenoble TIMC',
  'Montpellier LIRMM',
  'Rennes Empenn',
] as const;

export const teamSlug = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const LUNG_CASES = 40;
const MS_CASES = 30;
const lungId = (i: number) => `L${String(i + 1).padStart(3, '0')}`;
const msId = (i: number) => `S${String(i + 1).padStart(3, '0')}`;

const keyRandom = createRng(2026, 'e2e answer keys').next;
const LUNG_STATUS = Array.from({ length: LUNG_CASES }, (_, i) => (i % 3 === 0 ? 1 : keyRandom() < 0.3 ? 1 : 0));
const MS_EDSS = Array.from({ length: MS_CASES }, () => Math.round(keyRandom() * 16) / 2);

export interface LiveEventTimes {
  now: Date;
  /** Event slug (default LIVE_EVENT): a second event can be imported beside the first. */
  slug?: string;
  /** Freeze of the regression task (ms); default: just before it closes. */
  msFreezeAt?: Date;
  /** Lung answer key with the labels of these case indexes flipped (a corrected bundle re-imported). */
  lungKeyFixes?: readonly number[];
  /** The first `teams` of TEAM_NAMES (default all 20). */
  teams?: number;
}

/** The jury of the e2e event: one organiser, one juror (passwords are set through the admin route). */
export const JURY = {
  organiser: { login: 'chair', name: 'Jury chair' },
  juror: { login: 'martin', name: 'Dr Martin' },
} as const;

/** A bundle timestamp: ISO 8601 to the second, UTC. */
export const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const minutes = (now: Date, m: number) => new Date(now.getTime() + m * 60_000);

export function liveEventBundle(times: LiveEventTimes): Uint8Array {
  const { now } = times;
  const msCloses = minutes(now, 9);
  const msFreeze = times.msFreezeAt ?? minutes(now, 8.5);
  const teams = TEAM_NAMES.slice(0, times.teams ?? TEAM_NAMES.length).map((name) => `  - { slug: ${teamSlug(name)}, name: ${JSON.stringify(name)} }`).join('\n');
  const yaml = `slug: ${times.slug ?? LIVE_EVENT}
title:
  en: "Podium e2e - live round"
  fr: "Podium e2e - phase live"
timezone: Europe/Paris
teams:
${teams}
jury:
  - { login: ${JURY.organiser.login}, name: "${JURY.organiser.name}", role: organiser }
  - { login: ${JURY.juror.login}, name: "${JURY.juror.name}", role: juror }
tasks:
  - slug: lung
    title: { en: "Lung CT: nodule >= 100 mm3", fr: "Scanner thoracique : nodule >= 100 mm3" }
    opens_at: ${iso(minutes(now, -30))}
    closes_at: ${iso(minutes(now, 120))}
    leaderboard: best
    precision: 3
    answer_key: keys/lung.csv
    submission:
      table:
        id: examen_id
        columns: { probability: { type: number, min: 0, max: 1 } }
    scores:
      - { name: auc, metric: auc, truth: status, prediction: probability }
  - slug: ms
    title: { en: "Multiple sclerosis: EDSS at two years", fr: "Sclérose en plaques : EDSS à deux ans" }
    opens_at: ${iso(minutes(now, -30))}
    closes_at: ${iso(msCloses)}
    freeze_at: ${iso(msFreeze)}
    leaderboard: last
    precision: 2
    answer_key: keys/ms.csv
    submission:
      table: { id: sequence, columns: { edss: { type: number, min: 0, max: 10 } } }
    scores:
      - { name: mse, metric: mse, truth: edss, prediction: edss }
  - slug: brain
    title: { en: "Brain MRI: lesion load", fr: "IRM cérébrale : charge lésionnelle" }
    opens_at: ${iso(minutes(now, 60))}
    closes_at: ${iso(minutes(now, 180))}
    answer_key: keys/ms.csv
    submission:
      table: { id: sequence, columns: { edss: { type: number, min: 0, max: 10 } } }
    scores:
      - { name: mse, metric: mse, truth: edss, prediction: edss }
`;
  return buildBundleZip({
    'event.yaml': yaml,
    'keys/lung.csv': lungAnswerKeyCsv(times.lungKeyFixes),
    'keys/ms.csv': msAnswerKeyCsv(),
  });
}

/** The answer keys of the live round (other events of the suite reuse them): even cases public, odd private. */
const split = (i: number): string => (i % 2 === 0 ? 'public' : 'private');
/** `fixes`: cases whose label is flipped, as a corrected key re-imported by the jury would be. */
export const lungAnswerKeyCsv = (fixes: readonly number[] = []): string =>
  ['id,split,status', ...LUNG_STATUS.map((s, i) => `${lungId(i)},${split(i)},${fixes.includes(i) ? 1 - s : s}`)].join('\n') + '\n';
export const msAnswerKeyCsv = (): string => ['id,split,edss', ...MS_EDSS.map((e, i) => `${msId(i)},${split(i)},${e}`)].join('\n') + '\n';

/** Lung predictions: `skill` 1 ranks every positive above every negative (AUC 1), 0 is noise. */
export function lungPredictionCsv(skill: number, seed: number): string {
  const random = createRng(seed, 'e2e predictions').next;
  const rows = LUNG_STATUS.map((status, i) => `${lungId(i)},${Math.min(1, Math.max(0, skill >= 1 ? status * 0.9 + 0.05 : skill * status + (1 - skill) * random())).toFixed(4)}`);
  return ['examen_id,probability', ...rows].join('\n') + '\n';
}

/** MS predictions: the truth plus noise of amplitude `noise` (in EDSS points). */
export function msPredictionCsv(noise: number, seed: number): string {
  const random = createRng(seed, 'e2e predictions').next;
  const rows = MS_EDSS.map((edss, i) => `${msId(i)},${Math.min(10, Math.max(0, edss + (random() * 2 - 1) * noise)).toFixed(2)}`);
  return ['sequence,edss', ...rows].join('\n') + '\n';
}
