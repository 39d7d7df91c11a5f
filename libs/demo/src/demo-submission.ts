// Plausible team submissions for the demo event, derived from the demo truth: better teams and
// later attempts score better, each team has its own consistent errors (a model keeps its blind
// spots from one attempt to the next), and a few teams write CSV the French-Excel way.
import { createRng, type Rng } from '@podium/scoring';
import { encodeMaskFile, zipEntries, type ArchiveEntry } from './archive-writer.js';
import { type CsvStyle, roundTo, writeCsv } from './csv-writer.js';
import { DEMO_SUBMISSION_ID_COLUMNS } from './demo-manifest.js';
import { demoTeam } from './demo-teams.js';
import { DEMO_SEED, DEMO_TASK_SLUGS, type DemoTaskSlug, type DemoTruth, demoTruth, renderDemoMask } from './demo-truth.js';
import { perturbMask, type MaskPerturbation } from './mask-perturbation.js';
import { countMaskPixels, MASK_SIZE } from './muscle-mask.js';

export interface DemoSubmissionOptions {
  seed?: number;
  task: DemoTaskSlug;
  /** Team index, 0..19 (see DEMO_TEAMS). */
  team: number;
  /** 0 = a weak model, 1 = the best model of the room. */
  skill: number;
  /** 0 for the team's first submission to this task, then 1, 2... */
  attempt: number;
  /** CSV dialect; by default a few teams write French-Excel CSV (BOM, `;`, decimal comma). */
  csvStyle?: CsvStyle;
  /** Reuse a truth already generated for this seed (a simulator making many submissions). */
  truth?: DemoTruth;
}

export interface DemoSubmission {
  fileName: string;
  bytes: Uint8Array;
}

function checkOptions(options: DemoSubmissionOptions): void {
  const { task, skill, attempt } = options;
  if (!DEMO_TASK_SLUGS.includes(task)) {
    throw new RangeError(`buildDemoSubmission: task must be one of ${DEMO_TASK_SLUGS.join(', ')}, got "${String(task)}"`);
  }
  demoTeam(options.team);
  if (!Number.isFinite(skill) || skill < 0 || skill > 1) {
    throw new RangeError(`buildDemoSubmission: skill must be a number in [0, 1], got ${skill}`);
  }
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`buildDemoSubmission: attempt must be an integer >= 0, got ${attempt}`);
  }
}

/**
 * Model quality in [0, 1]: the team's skill, reached over its first few attempts (a team
 * starts at 70% of what it can do and tunes its model during the round).
 */
export function demoQuality(skill: number, attempt: number): number {
  return Math.min(1, Math.max(0, skill)) * (0.7 + 0.3 * (1 - 0.7 ** attempt));
}

/** The team's persistent error (same every attempt) mixed with this attempt's own noise. */
function mixedNoise(team: Rng, attempt: Rng): number {
  return 0.8 * team.normal() + 0.6 * attempt.normal();
}

function defaultCsvStyle(team: number): CsvStyle {
  return team % 4 === 1 ? 'excel-fr' : 'plain';
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function lungRows(truth: DemoTruth, quality: number, teamRng: Rng, attemptRng: Rng): (string | number)[][] {
  // Binormal model: AUC = Phi(separation / sqrt 2), ~0.64 at quality 0 and ~0.95 at quality 1.
  const separation = 0.5 + 1.85 * quality;
  const calibration = 0.5 * teamRng.normal();
  return truth.lung.ids.map((id, i) => {
    const latent = separation * truth.lung.status[i] + mixedNoise(teamRng, attemptRng);
    return [id, roundTo(sigmoid(1.3 * (latent - separation / 2) + calibration), 4)];
  });
}

function msRows(truth: DemoTruth, quality: number, teamRng: Rng, attemptRng: Rng): (string | number)[][] {
  const { edss } = truth.ms;
  const mean = edss.reduce((sum, v) => sum + v, 0) / edss.length;
  // Weak models regress towards the mean and are noisy; strong ones track the truth.
  const weight = 0.45 + 0.5 * quality;
  const noise = 1.5 - 1.1 * quality;
  return truth.ms.ids.map((id, i) => {
    const predicted = weight * edss[i] + (1 - weight) * mean + noise * mixedNoise(teamRng, attemptRng);
    return [id, roundTo(Math.min(10, Math.max(0, predicted)), 2)];
  });
}

function sarcopeniaEntries(
  truth: DemoTruth, quality: number, teamRng: Rng, attemptRng: Rng, style: CsvStyle,
): ArchiveEntry[] {
  const weakness = 1 - quality;
  // A team's model tends to over- or under-segment, and its area formula may be a bit off.
  const teamGrow = teamRng.chance(0.5) ? 1 : -1;
  const teamAreaBias = 0.04 * weakness * teamRng.normal();
  const entries: ArchiveEntry[] = [];
  const areaRows: (string | number)[][] = [];
  truth.sarcopenia.ids.forEach((id, i) => {
    const reference = renderDemoMask(truth, i);
    const grow = attemptRng.chance(0.25 + 0.7 * weakness) ? teamGrow * (attemptRng.chance(weakness) ? 2 : 1) : 0;
    const change: MaskPerturbation = {
      grow,
      borderNoise: 0.03 + 0.35 * weakness,
      shiftX: Math.round(1.6 * weakness * attemptRng.normal()),
      shiftY: Math.round(1.6 * weakness * attemptRng.normal()),
      missedSector: attemptRng.chance(0.08 * weakness)
        ? { from: attemptRng.uniform(0, 2 * Math.PI), width: attemptRng.uniform(0.3, 0.8) }
        : null,
    };
    const data = perturbMask(reference.data, MASK_SIZE, change, attemptRng);
    const [sx, sy] = reference.spacing;
    const area = countMaskPixels(data) * sx * sy * (1 + teamAreaBias + 0.02 * weakness * attemptRng.normal());
    areaRows.push([id, roundTo(Math.max(0, area), 1)]);
    entries.push({ path: `${id}.nii.gz`, bytes: encodeMaskFile({ ...reference, data }), compress: false });
  });
  entries.push({ path: 'areas.csv', bytes: writeCsv([DEMO_SUBMISSION_ID_COLUMNS.sarcopenia, 'area'], areaRows, style), compress: true });
  return entries;
}

/**
 * A plausible submission of demo team `team` to `task`: a CSV for lung and ms, a zip of
 * `<id>.nii.gz` masks plus `areas.csv` (inside one folder, as a zipped directory) for
 * sarcopenia. Deterministic in (seed, task, team, skill, attempt, csvStyle).
 * Throws a RangeError naming the bad option (these options come from code, not from users).
 */
export function buildDemoSubmission(options: DemoSubmissionOptions): DemoSubmission {
  checkOptions(options);
  const { task, team, skill, attempt } = options;
  const seed = options.seed ?? DEMO_SEED;
  const truth = options.truth && options.truth.seed === seed ? options.truth : demoTruth(seed);
  const style = options.csvStyle ?? defaultCsvStyle(team);
  const quality = demoQuality(skill, attempt);
  const teamRng = createRng(seed, `submission/${task}/team-${team}`);
  const attemptRng = createRng(seed, `submission/${task}/team-${team}/attempt-${attempt}/skill-${skill}`);
  const baseName = `${demoTeam(team).slug}-${task}-v${attempt + 1}`;
  switch (task) {
    case 'lung':
      return {
        fileName: `${baseName}.csv`,
        bytes: writeCsv([DEMO_SUBMISSION_ID_COLUMNS.lung, 'probability'], lungRows(truth, quality, teamRng, attemptRng), style),
      };
    case 'ms':
      return {
        fileName: `${baseName}.csv`,
        bytes: writeCsv([DEMO_SUBMISSION_ID_COLUMNS.ms, 'edss'], msRows(truth, quality, teamRng, attemptRng), style),
      };
    case 'sarcopenia': {
      const entries = sarcopeniaEntries(truth, quality, teamRng, attemptRng, style);
      return {
        fileName: `${baseName}.zip`,
        bytes: zipEntries(entries.map((entry) => ({ ...entry, path: `${baseName}/${entry.path}` }))),
      };
    }
  }
}
