// The fixture event's sarcopenia task for the scoring-pool tests: its spec (masks and an area
// table in one zip, Dice and area MSE), its answer key as the warmer hands it to the pool, and
// teams' zips of ring masks.
import { ringMask, validBundleFiles, zipBundleFiles } from '@podium/event-bundle';
import { answerKeyKind, encodeNifti1, maskRehearsalSpec, type TaskScoringSpec } from '@podium/scoring';
import { createHash } from 'node:crypto';
import type { WarmKey } from '../../src/modules/scoring-jobs/scoring-pool.js';

export const spec: TaskScoringSpec = {
  submission: { masks: { format: 'nifti' }, table: { id: 'examen', columns: { area: { type: 'number', min: 0 } } } },
  scores: [
    { name: 'dice', metric: 'dice' },
    { name: 'area_mse', metric: 'mse', truth: 'area_mm2', prediction: 'area' },
  ],
};
export const IDS = ['Sarco1', 'Sarco2', 'Sarco3', 'Sarco4'];
const files = validBundleFiles();
export const keyFiles = { csv: Buffer.from(files['keys/sarcopenia.csv'] as string), masksZip: files['keys/sarcopenia-masks.zip'] as Uint8Array };
export const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
export const ref = { csvSha256: sha(keyFiles.csv), masksSha256: sha(keyFiles.masksZip) };
export const warmKey: WarmKey = { ref, kind: answerKeyKind(spec.submission), masks: spec.submission.masks!, rehearsal: maskRehearsalSpec(spec)!, load: async () => keyFiles };

/** A team's zip: a ring per case (`radius` of the case's index, so Dice varies) and the area table. */
export function teamZip(areas: (string | number)[] = [60, 75, 58, 90], radius = (i: number) => 5 + (i % 3)): Uint8Array {
  const entries: Record<string, Uint8Array | string> = {};
  IDS.forEach((id, i) => (entries[`${id}.nii.gz`] = encodeNifti1(ringMask(radius(i), 3), { gzip: true })));
  entries['areas.csv'] = ['examen,area', ...IDS.map((id, i) => `${id},${areas[i]}`)].join('\n') + '\n';
  return zipBundleFiles(entries);
}
