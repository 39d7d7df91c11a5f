// The hidden truth of the demo event, regenerated from the seed: the answer keys and the demo
// submissions both derive from here, so a submission is always scored against the key it was
// made for. Cheap to call (masks are drawn on demand by `renderDemoMask`).
import { createRng, type MaskImage, type Rng, type Split } from '@podium/scoring';
import { renderMuscleMask, sampleMuscleShape, sampleSpacing, type MuscleShape } from './muscle-mask.js';

export const DEMO_SEED = 2019;

/** The 2019 final's test-set sizes. */
export const DEMO_CASE_COUNTS = { lung: 344, ms: 483, sarcopenia: 500 } as const;

export type DemoTaskSlug = keyof typeof DEMO_CASE_COUNTS;
export const DEMO_TASK_SLUGS: readonly DemoTaskSlug[] = ['lung', 'ms', 'sarcopenia'];

export interface DemoCases {
  ids: string[];
  split: Split[];
}

export interface DemoTruth {
  seed: number;
  /** Lung CT: 1 when the exam has a nodule >= 100 mm3. */
  lung: DemoCases & { status: number[] };
  /** Multiple sclerosis: EDSS two years after the MRI (0, 1, 1.5 ... 9.5; 0.5 does not exist). */
  ms: DemoCases & { edss: number[] };
  /** Sarcopenia: in-plane pixel spacing (mm) and the anatomy each mask is drawn from. */
  sarcopenia: DemoCases & { spacing: number[]; shapes: MuscleShape[] };
}

const ABNORMAL_RATE = 0.3;

/** Half public, half private; `strata` (e.g. the lung status) keeps each class balanced. */
function assignSplit(rng: Rng, count: number, strata?: number[]): Split[] {
  const split: Split[] = new Array(count);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const key = strata ? strata[i] : 0;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  let publicFirst = true;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(groups.get(key) ?? []);
    // Odd groups alternate which side gets the extra case, so the totals stay within one.
    const publicCount = publicFirst ? Math.ceil(members.length / 2) : Math.floor(members.length / 2);
    if (members.length % 2 === 1) publicFirst = !publicFirst;
    members.forEach((caseIndex, rank) => {
      split[caseIndex] = rank < publicCount ? 'public' : 'private';
    });
  }
  return split;
}

function numberedIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

/** EDSS is skewed: most relapsing-remitting patients score 1-3, progressive ones 4-7. */
function sampleEdss(rng: Rng): number {
  const progressive = rng.chance(0.35);
  const raw = progressive ? 5 + 1.4 * rng.normal() : 2 + 1.1 * rng.normal();
  const halfPoints = Math.round(Math.min(9.5, Math.max(0, raw)) * 2) / 2;
  if (halfPoints === 0.5) return rng.chance(0.5) ? 0 : 1;
  return halfPoints;
}

/** The demo's truth for `seed` (any number; it is truncated to a 32-bit integer). */
export function demoTruth(seed: number = DEMO_SEED): DemoTruth {
  const lungRng = createRng(seed, 'lung-truth');
  const status = Array.from({ length: DEMO_CASE_COUNTS.lung }, () => (lungRng.chance(ABNORMAL_RATE) ? 1 : 0));

  const msRng = createRng(seed, 'ms-truth');
  const edss = Array.from({ length: DEMO_CASE_COUNTS.ms }, () => sampleEdss(msRng));

  const sarcoRng = createRng(seed, 'sarcopenia-truth');
  const spacing: number[] = [];
  const shapes: MuscleShape[] = [];
  for (let i = 0; i < DEMO_CASE_COUNTS.sarcopenia; i++) {
    spacing.push(sampleSpacing(sarcoRng));
    shapes.push(sampleMuscleShape(sarcoRng, spacing[i]));
  }

  return {
    seed,
    lung: {
      ids: numberedIds('Poumon', DEMO_CASE_COUNTS.lung),
      split: assignSplit(createRng(seed, 'lung-split'), DEMO_CASE_COUNTS.lung, status),
      status,
    },
    ms: {
      ids: numberedIds('SEP', DEMO_CASE_COUNTS.ms),
      split: assignSplit(createRng(seed, 'ms-split'), DEMO_CASE_COUNTS.ms),
      edss,
    },
    sarcopenia: {
      ids: numberedIds('Sarco', DEMO_CASE_COUNTS.sarcopenia),
      split: assignSplit(createRng(seed, 'sarcopenia-split'), DEMO_CASE_COUNTS.sarcopenia),
      spacing,
      shapes,
    },
  };
}

/** The reference mask of sarcopenia case `index` (512x512, 0/1). */
export function renderDemoMask(truth: DemoTruth, index: number): MaskImage {
  return renderMuscleMask(truth.sarcopenia.shapes[index], truth.sarcopenia.spacing[index]);
}
