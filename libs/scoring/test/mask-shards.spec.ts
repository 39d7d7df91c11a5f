// A mask zip scored in shards gives the whole file's result, bit for bit, or says "whole" (the
// caller then scores the whole file): a split never changes a score, a per-case value or a rejection.
// Masks-only tasks, and masks with a table (the 2019 sarcopenia shape).
import { describe, expect, it } from 'vitest';
import { combineMaskShards, maskRehearsalSpec, maskShardable, type MaskShardValues, parseSubmission, scoreMaskShard, scoreSubmission, type TaskScoringSpec } from '../src/index.js';
import type { MaskImage } from '../src/types.js';
import { buildKey, csvBytes, discMask, gzip, niftiBytes, zipBytes, type ZipEntrySpec } from './builders.js';

const DIMS: [number, number, number] = [24, 20, 1];
const SPACING: [number, number, number] = [0.8, 0.8, 1];
const empty = (): MaskImage => ({ dims: DIMS, spacing: SPACING, data: new Uint8Array(DIMS[0] * DIMS[1]) });
const IDS = Array.from({ length: 13 }, (_, i) => `Exam${String(i + 1).padStart(2, '0')}`);
// Cases 3 and 8 have an empty reference (Dice's `empty` convention and HD95's penalty apply there).
const key = buildKey({
  ids: IDS,
  split: IDS.map((_, i) => (i % 3 === 0 ? 'private' : 'public')),
  truth: { kind: IDS.map((_, i) => i % 2), area: IDS.map((_, i) => 100 + 3 * i) },
  masks: IDS.map((_, i) => (i === 3 || i === 8 ? empty() : discMask(DIMS, SPACING, i % 4))),
});
const masksOnly = (scores: TaskScoringSpec['scores']): TaskScoringSpec => ({ submission: { masks: { format: 'nifti' } }, scores });
const task = masksOnly([
  { name: 'dice', metric: 'dice' },
  { name: 'dice_excl', metric: 'dice', options: { empty: 'exclude' } },
  { name: 'dice_kind1', metric: 'dice', where: { kind: 1 } },
  { name: 'hd95', metric: 'hd95' },
  { name: 'blend', metric: 'weighted', terms: [{ metric: 'dice', weight: 0.5 }, { metric: 'hd95', weight: -0.01 }] },
]);

// The 2019 sarcopenia shape: masks and an area table in one zip, Dice and the areas' MSE.
const withTable: TaskScoringSpec = {
  submission: { masks: { format: 'nifti' }, table: { id: 'id', columns: { area: { type: 'number', min: 0 } } } },
  scores: [
    { name: 'dice', metric: 'dice' },
    { name: 'area_mse', metric: 'mse', truth: 'area', prediction: 'area' },
    { name: 'mix', metric: 'weighted', terms: [{ metric: 'dice', weight: 1 }, { metric: 'mae', truth: 'area', prediction: 'area', weight: -0.001 }] },
  ],
};
const areaCsv = (cells = IDS.map((id, i) => [id, 98 + 3.5 * i] as (string | number)[])) => ({ name: 'areas.csv', data: csvBytes([['id', 'area'], ...cells]) });

/** A team's zip: one .nii.gz per case, each shifted by `shift(i)` (null: empty prediction). */
function teamZip(shift: (i: number) => number | null, edit: (entries: ZipEntrySpec[]) => ZipEntrySpec[] = (e) => e): Uint8Array {
  const entries = IDS.map((id, i) => {
    const s = shift(i);
    return { name: `${id}.nii.gz`, data: gzip(niftiBytes(s === null ? empty() : discMask(DIMS, SPACING, s))) };
  });
  return zipBytes(edit(entries));
}
const tableZip = (shift: (i: number) => number | null, csv = areaCsv(), at = 5) => teamZip(shift, (entries) => [...entries.slice(0, at), csv, ...entries.slice(at)]);

const whole = (t: TaskScoringSpec, bytes: Uint8Array) => {
  const parsed = parseSubmission({ bytes, fileName: 'team.zip' }, t.submission, key);
  return parsed.submission ? { result: scoreSubmission(t, key, parsed.submission) } : { problems: parsed.problems };
};
const shards = (t: TaskScoringSpec, bytes: Uint8Array, count: number) =>
  Array.from({ length: count }, (_, index) => scoreMaskShard(t, key, { bytes, fileName: 'team.zip' }, { index, count }));

describe('scoring a mask zip in shards', () => {
  const zips = {
    'close to the truth': teamZip((i) => (i === 3 ? null : (i % 4) + (i % 2))),
    'empty where the truth is, and the reverse': teamZip((i) => (i === 8 || i === 5 ? null : 2)),
    'far off': teamZip(() => 7),
  };

  for (const [label, bytes] of Object.entries(zips)) {
    for (const count of [2, 3, 5]) {
      it(`${label}, ${count} shards: the same result as the whole file, bit for bit`, () => {
        const parts = shards(task, bytes, count);
        expect(parts.map((p) => p.kind)).toEqual(parts.map(() => 'values'));
        // Every shard decoded a share of the masks, none of them all.
        for (const part of parts as MaskShardValues[]) expect(part.cases.length).toBeLessThan(IDS.length);
        const combined = combineMaskShards(task, key, parts as MaskShardValues[]);
        expect(combined).not.toBeNull();
        expect(combined).toEqual(whole(task, bytes).result);
        expect(Object.is(combined!.scores.dice!.all, whole(task, bytes).result!.scores.dice!.all)).toBe(true);
      });
    }
  }

  for (const at of [0, 6, 13]) {
    it(`masks and a table (the CSV entry at position ${at}): the same result as the whole file, bit for bit`, () => {
      const bytes = tableZip((i) => (i === 3 ? null : (i % 4) + 1), areaCsv(), at);
      const parts = shards(withTable, bytes, 2);
      expect(parts.map((p) => p.kind)).toEqual(['values', 'values']);
      // Exactly one shard read the table: the one whose share holds the CSV entry.
      expect((parts as MaskShardValues[]).filter((p) => p.table).length).toBe(1);
      const combined = combineMaskShards(withTable, key, parts as MaskShardValues[]);
      expect(combined).toEqual(whole(withTable, bytes).result);
      expect(combined!.scores.area_mse!.all).toBeGreaterThan(0);
    });
  }

  it('a bad table cell: the shard holding the table answers "whole", as the whole file is rejected', () => {
    const cells = IDS.map((id, i) => [id, i === 7 ? 'abc' : 100] as (string | number)[]);
    const bytes = tableZip(() => 1, areaCsv(cells), 12);
    expect(whole(withTable, bytes).problems?.[0]).toMatchObject({ code: 'csv.not_a_number' });
    expect(shards(withTable, bytes, 2).map((p) => p.kind)).toEqual(['values', 'whole']);
    // Shards without the table are never combined alone.
    const parts = shards(withTable, tableZip(() => 1), 2) as MaskShardValues[];
    expect(combineMaskShards(withTable, key, parts.map((p) => ({ ...p, table: undefined })))).toBeNull();
  });

  it('a file with a problem in any share: the shard that holds it answers "whole", and the whole file is rejected', () => {
    const corrupt = teamZip(
      () => 1,
      (entries) => entries.map((e, i) => (i === 11 ? { ...e, data: new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]) } : e)),
    );
    const parts = shards(task, corrupt, 2);
    expect(parts[1]).toMatchObject({ kind: 'whole' });
    expect(whole(task, corrupt).problems?.length).toBeGreaterThan(0);
  });

  it('a missing, unknown or duplicate case: every shard answers "whole" (names are checked in each)', () => {
    const broken = [
      teamZip(() => 1, (entries) => entries.slice(1)),
      teamZip(() => 1, (entries) => [...entries, { name: 'Stranger.nii.gz', data: entries[0]!.data }]),
      teamZip(() => 1, (entries) => [...entries, { name: `sub/${entries[0]!.name}`, data: entries[0]!.data }]),
    ];
    for (const bytes of broken) {
      expect(whole(task, bytes).problems?.length).toBeGreaterThan(0);
      expect(shards(task, bytes, 2).map((p) => p.kind)).toEqual(['whole', 'whole']);
    }
  });

  it('shards that do not cover every case exactly once are not combined', () => {
    const parts = shards(task, zips['far off'], 2) as MaskShardValues[];
    expect(combineMaskShards(task, key, [parts[0]!])).toBeNull();
    expect(combineMaskShards(task, key, [parts[0]!, parts[0]!, parts[1]!])).toBeNull();
  });

  it('a split that only the whole file can explain (all its cases excluded) is left to the whole file', () => {
    // Odd cases only; the public ones (1, 5, 7, 11) empty in the truth and the file, so excluded.
    // Each shard still has a private odd case to average (3 or 9); the public split has none.
    const t = masksOnly([{ name: 'dice_odd', metric: 'dice', options: { empty: 'exclude' }, where: { kind: 1 } }]);
    const excluded = new Set([1, 5, 7, 11]);
    const oddKey = { ...key, masks: key.masks!.map((m, i) => (excluded.has(i) ? empty() : discMask(DIMS, SPACING, 0))) };
    const bytes = teamZip((i) => (excluded.has(i) ? null : 1));
    const parts = Array.from({ length: 2 }, (_, index) => scoreMaskShard(t, oddKey, { bytes, fileName: 'team.zip' }, { index, count: 2 }));
    expect(parts.map((p) => p.kind)).toEqual(['values', 'values']);
    expect(combineMaskShards(t, oddKey, parts as MaskShardValues[])).toBeNull();
    const parsed = parseSubmission({ bytes, fileName: 'team.zip' }, t.submission, oddKey);
    const result = scoreSubmission(t, oddKey, parsed.submission!);
    expect(result.scores.dice_odd).toMatchObject({ public: null, private: expect.any(Number) });
    expect(result.reasons?.dice_odd?.public).toMatch(/no case left/);
  });

  it('only mask zips whose every mask term is a per-case mean, every mask required, are split', () => {
    expect(maskShardable(task)).toBe(true);
    expect(maskShardable({ ...task, submission: { masks: { format: 'nifti', partial: true } } })).toBe(false);
    expect(maskShardable(withTable)).toBe(true);
    expect(maskShardable({ ...withTable, submission: { ...withTable.submission, detection: { id: 'id' } as never } })).toBe(false);
    expect(maskShardable(masksOnly([{ name: 'acc', metric: 'accuracy', truth: 'kind', prediction: 'kind' }]))).toBe(false);
    expect(scoreMaskShard({ ...task, submission: { masks: { format: 'nifti', partial: true } } }, key, { bytes: zips['far off'], fileName: 'team.zip' }, { index: 0, count: 2 })).toMatchObject({ kind: 'whole' });
  });

  it('the rehearsal spec: the key\'s own masks zip is a complete submission, scored in shards', () => {
    const rehearsal = maskRehearsalSpec(withTable)!;
    // No table, and only the scores that read masks alone (the blend reads the table too).
    expect(rehearsal).toEqual({ submission: { masks: { format: 'nifti' } }, scores: [{ name: 'dice', metric: 'dice' }] });
    const keyZip = teamZip((i) => (i === 3 || i === 8 ? null : i % 4));
    const parts = shards(rehearsal, keyZip, 2);
    expect(parts.map((p) => p.kind)).toEqual(['values', 'values']);
    const combined = combineMaskShards(rehearsal, key, parts as MaskShardValues[]);
    expect(combined).toEqual(whole(rehearsal, keyZip).result);
    expect(combined!.scores.dice!.all).toBe(1);
    expect(maskRehearsalSpec(task)!.scores.map((spec) => spec.name)).toEqual(['dice', 'dice_excl', 'dice_kind1', 'hd95', 'blend']);
    expect(maskRehearsalSpec({ ...task, submission: { masks: { format: 'nifti', partial: true } } })).toBeNull();
    expect(maskRehearsalSpec({ ...withTable, scores: [{ name: 'area_mse', metric: 'mse', truth: 'area', prediction: 'area' }] })).toBeNull();
  });
});
