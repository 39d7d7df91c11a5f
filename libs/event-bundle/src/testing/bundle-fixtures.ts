// Named bundle builders shared by this library's tests and the API's HTTP tests: one small valid
// event, and a catalogue of broken bundles each with the precise problem it must produce.
import { zipSync } from 'fflate';
import { DEFAULT_ZIP_LIMITS, encodeNifti1, type MaskImage } from '@podium/scoring';
import { zipBundleFiles } from '../bundle/zip-bundle.js';

export type BundleFiles = Record<string, string | Uint8Array>;

export interface BadBundleCase {
  name: string;
  zip: Uint8Array;
  /** At least one reported problem matches every given field. */
  expect: { path?: string; code?: string; messageIncludes?: string; file?: string; line?: number };
}

export const VALID_EVENT_YAML = `# A small event mirroring the JFR 2019 final round.
slug: fixture-2019
title:
  en: "Fixture Data Challenge - final round"
  fr: "Data Challenge de test - finale"
timezone: Europe/Paris
teams:
  - { slug: owkin, name: Owkin, category: industry }
  - { slug: rad-lyon, name: "Radiologues de Lyon", category: hospital }
  - { slug: paris-students, name: "Paris Students", category: student }
  - { slug: neuro-ai, name: "Neuro AI" }
jury:
  - { login: chair, name: "Jury chair", role: organiser }
  - { login: juror-1, name: "Dr Martin", role: juror }
tasks:
  - slug: lung
    title: { en: "Lung CT: nodule >= 100 mm3", fr: "Scanner thoracique : nodule >= 100 mm3" }
    opens_at: 2019-10-13T13:00:00+02:00
    closes_at: 2019-10-13T15:00:00+02:00
    freeze_at: 2019-10-13T14:40:00+02:00
    quota: { submissions: 10, per_minutes: 60 }
    leaderboard: best
    answer_key: keys/lung.csv
    submission:
      table:
        id: examen_id
        columns: { probability: { type: number, min: 0, max: 1 } }
    scores:
      - { name: auc, metric: auc, truth: status, prediction: probability }
  - slug: ms
    title: { en: "Multiple sclerosis: EDSS at two years", fr: "Sclérose en plaques : EDSS à deux ans" }
    opens_at: 2019-10-13T13:00:00+02:00
    closes_at: 2019-10-13T15:00:00+02:00
    leaderboard: last
    answer_key: keys/ms.csv
    submission:
      table: { id: sequence, columns: { edss: { type: number, min: 0, max: 10 } } }
    scores:
      - { name: mse, metric: mse, truth: edss, prediction: edss }
  - slug: sarcopenia
    title: { en: "Sarcopenia: muscle at L3", fr: "Sarcopénie : muscles en L3" }
    opens_at: 2019-10-13T14:00:00+02:00
    closes_at: 2019-10-13T15:00:00+02:00
    answer_key: keys/sarcopenia.csv
    answer_masks: keys/sarcopenia-masks.zip
    submission:
      masks: { format: nifti }
      table: { id: examen, columns: { area: { type: number, min: 0 } } }
    scores:
      - { name: dice, metric: dice }
      - { name: area_mse, metric: mse, truth: area_mm2, prediction: area }
    ranking: { method: rank_sum, tie_break: dice }
`;

const LUNG_STATUS = [1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0];
/** id,split,status - Poumon7 is on line 8, line 12 holds Poumon11. */
export const LUNG_KEY_CSV = ['id,split,status', ...LUNG_STATUS.map((s, i) => `Poumon${i + 1},${i % 2 === 0 ? 'public' : 'private'},${s}`)].join('\n') + '\n';

/** Semicolons and decimal commas, as a French spreadsheet exports them. */
export const MS_KEY_CSV = ['id;split;edss', ...[2, 3.5, 0, 6, 1.5, 4, 7.5, 2.5].map((e, i) => `Seq${i + 1};${i < 4 ? 'public' : 'private'};${String(e).replace('.', ',')}`)].join('\r\n') + '\r\n';

const SARCO_IDS = ['Sarco1', 'Sarco2', 'Sarco3', 'Sarco4'];
const MASK_SIZE = 16;
const SPACING = 0.8;

/** A muscle-like ring of the given radii centred in a 16x16 slice. */
export function ringMask(outer: number, inner: number): MaskImage {
  const data = new Uint8Array(MASK_SIZE * MASK_SIZE);
  const c = (MASK_SIZE - 1) / 2;
  for (let y = 0; y < MASK_SIZE; y++) {
    for (let x = 0; x < MASK_SIZE; x++) {
      const r = Math.hypot(x - c, y - c);
      data[y * MASK_SIZE + x] = r <= outer && r >= inner ? 1 : 0;
    }
  }
  return { dims: [MASK_SIZE, MASK_SIZE, 1], spacing: [SPACING, SPACING, 1], data };
}

const SARCO_MASKS = SARCO_IDS.map((_, i) => ringMask(6 + (i % 2), 3 + (i % 3) / 2));

export function sarcopeniaMasksZip(ids: readonly string[] = SARCO_IDS): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  ids.forEach((id, i) => {
    files[`${id}.nii.gz`] = encodeNifti1(SARCO_MASKS[i % SARCO_MASKS.length], { gzip: true });
  });
  return zipBundleFiles(files);
}

function sarcopeniaKeyCsv(): string {
  const rows = SARCO_MASKS.map((mask, i) => {
    const area = mask.data.reduce((sum, v) => sum + v, 0) * SPACING * SPACING;
    return `${SARCO_IDS[i]},${i < 2 ? 'public' : 'private'},${area.toFixed(2)}`;
  });
  return ['id,split,area_mm2', ...rows].join('\n') + '\n';
}

/** A small valid event: a probability task (AUC), a regression task (MSE), a mask task (Dice + area MSE, rank sum). */
export function validBundleFiles(): BundleFiles {
  return {
    'event.yaml': VALID_EVENT_YAML,
    'keys/lung.csv': LUNG_KEY_CSV,
    'keys/ms.csv': MS_KEY_CSV,
    'keys/sarcopenia.csv': sarcopeniaKeyCsv(),
    'keys/sarcopenia-masks.zip': sarcopeniaMasksZip(),
  };
}

/** A detection event (LUNA16-style nodules scored with FROC/CPM): one task, two teams. */
export const DETECTION_EVENT_YAML = `slug: luna-fixture
title: { en: "Nodule detection fixture", fr: "Détection de nodules (test)" }
timezone: Europe/Paris
teams:
  - { slug: owkin, name: Owkin }
  - { slug: rad-lyon, name: "Radiologues de Lyon" }
tasks:
  - slug: nodules
    title: { en: "Lung nodules: detection", fr: "Nodules pulmonaires : détection" }
    opens_at: 2019-10-13T13:00:00+02:00
    closes_at: 2019-10-13T15:00:00+02:00
    answer_key: keys/nodules.csv
    submission:
      detection: { id: seriesuid, max_candidates_per_scan: 100 }
    scores:
      - { name: cpm, metric: froc_cpm }
`;

/** Scans a and b hold nodules (centre and diameter in mm), c and d none: their row has empty cells. */
export const NODULES_KEY_CSV = `id,split,x,y,z,diameter_mm
scan-a,public,0,0,0,10
scan-a,public,50,0,0,6
scan-b,private,0,0,0,8
scan-c,public,,,,
scan-d,private,,,,
`;

export function detectionBundleFiles(): BundleFiles {
  return { 'event.yaml': DETECTION_EVENT_YAML, 'keys/nodules.csv': NODULES_KEY_CSV };
}

function detectionEdit(name: string, path: keyof ReturnType<typeof detectionBundleFiles>, from: string, to: string, expect: BadBundleCase['expect']): BadBundleCase {
  const files = detectionBundleFiles();
  files[path] = replaceOnce(String(files[path]), from, to);
  return { name, zip: buildBundleZip(files), expect };
}

function badDetectionCases(): BadBundleCase[] {
  const detection = '      detection: { id: seriesuid, max_candidates_per_scan: 100 }\n';
  return [
    detectionEdit('detection task that also declares a table', 'event.yaml', detection, `${detection}      table: { id: seriesuid, columns: { probability: { type: number } } }\n`, {
      code: 'manifest.detection_exclusive',
      path: 'tasks[0].submission.table',
    }),
    detectionEdit('zero candidates allowed per scan', 'event.yaml', 'max_candidates_per_scan: 100', 'max_candidates_per_scan: 0', { code: 'manifest.out_of_range', path: 'tasks[0].submission.detection.max_candidates_per_scan' }),
    detectionEdit('typo in the detection block', 'event.yaml', 'max_candidates_per_scan', 'max_candidate_per_scan', { code: 'manifest.unknown_field', path: 'tasks[0].submission.detection.max_candidate_per_scan' }),
    manifestEdit('froc_cpm on a table task', '{ name: mse, metric: mse, truth: edss, prediction: edss }', '{ name: cpm, metric: froc_cpm }', { code: 'scores.detections_required', path: 'tasks[1].scores[0].metric' }),
    detectionEdit('a scan in two splits in the nodule key', 'keys/nodules.csv', 'scan-a,public,50', 'scan-a,private,50', { code: 'key.split_conflict', file: 'keys/nodules.csv', line: 3 }),
    detectionEdit('a nodule without diameter', 'keys/nodules.csv', 'scan-b,private,0,0,0,8', 'scan-b,private,0,0,0,', { code: 'csv.empty_cell', file: 'keys/nodules.csv', line: 4, messageIncludes: 'diameter_mm' }),
    detectionEdit('no nodule among the private scans', 'keys/nodules.csv', 'scan-b,private,0,0,0,8', 'scan-b,private,,,,', { code: 'answer_key.no_findings', path: 'tasks[0].scores[0].metric', messageIncludes: 'private' }),
  ];
}

/** Zips bundle files exactly as `podium import` does for a directory. */
export function buildBundleZip(files: BundleFiles): Uint8Array {
  return zipBundleFiles(files);
}

/** Replaces one exact piece of text; throws when it is absent so a fixture never silently stops testing. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`fixture edit: ${JSON.stringify(from)} not found`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function withManifest(edit: (yaml: string) => string): Uint8Array {
  const files = validBundleFiles();
  files['event.yaml'] = edit(VALID_EVENT_YAML);
  return buildBundleZip(files);
}

function withFiles(change: (files: BundleFiles) => void): Uint8Array {
  const files = validBundleFiles();
  change(files);
  return buildBundleZip(files);
}

/** A case whose only defect is one text replacement in event.yaml. */
function manifestEdit(name: string, from: string, to: string, expect: BadBundleCase['expect']): BadBundleCase {
  return { name, zip: withManifest((y) => replaceOnce(y, from, to)), expect };
}

/** A case whose only defect is one text replacement in a text file of the bundle. */
function fileEdit(name: string, path: string, from: string, to: string, expect: BadBundleCase['expect']): BadBundleCase {
  return { name, zip: withFiles((f) => (f[path] = replaceOnce(String(f[path]), from, to))), expect };
}

const MS = '  - slug: ms\n';
/** The ms task's window: the only one followed directly by `leaderboard: last`. */
const MS_WINDOW = 'opens_at: 2019-10-13T13:00:00+02:00\n    closes_at: 2019-10-13T15:00:00+02:00\n    leaderboard: last';

/** Broken bundles, each answered with one precise problem (among possibly others). */
export function badBundleCases(): BadBundleCase[] {
  return [
    {
      name: 'not a zip at all',
      zip: new TextEncoder().encode('%PDF-1.7 this is the programme of the congress'),
      expect: { code: 'zip.not_a_zip' },
    },
    { name: 'zero-byte upload', zip: new Uint8Array(0), expect: { code: 'zip.empty' } },
    { name: 'empty zip', zip: zipSync({}), expect: { code: 'bundle.empty' } },
    {
      name: 'missing event.yaml',
      zip: withFiles((f) => delete f['event.yaml']),
      expect: { code: 'bundle.missing_manifest', messageIncludes: 'event.yaml is missing' },
    },
    {
      name: 'event.yaml and event.json both present',
      zip: withFiles((f) => (f['event.json'] = '{}')),
      expect: { code: 'bundle.ambiguous_manifest' },
    },
    manifestEdit('broken YAML (unclosed flow mapping)', 'quota: { submissions: 10, per_minutes: 60 }', 'quota: { submissions: 10, per_minutes: 60', { code: 'manifest.yaml_syntax', file: 'event.yaml' }),
    manifestEdit('duplicate key in YAML', 'timezone: Europe/Paris\n', 'timezone: Europe/Paris\ntimezone: UTC\n', { code: 'manifest.duplicate_key', line: 7 }),
    {
      name: 'broken JSON manifest',
      zip: withFiles((f) => {
        delete f['event.yaml'];
        f['event.json'] = '{ "slug": "fixture-2019", }';
      }),
      expect: { code: 'manifest.json_syntax', file: 'event.json' },
    },
    {
      name: 'manifest is a list, not a mapping',
      zip: withManifest(() => '- slug: fixture-2019\n'),
      expect: { code: 'manifest.not_a_mapping' },
    },
    {
      name: 'missing answer-key file',
      zip: withFiles((f) => delete f['keys/ms.csv']),
      expect: { code: 'bundle.missing_file', path: 'tasks[1].answer_key', messageIncludes: 'keys/ms.csv' },
    },
    {
      name: 'missing answer masks zip',
      zip: withFiles((f) => delete f['keys/sarcopenia-masks.zip']),
      expect: { code: 'bundle.missing_file', path: 'tasks[2].answer_masks' },
    },
    manifestEdit('mask metric without answer_masks', '    answer_masks: keys/sarcopenia-masks.zip\n', '', { code: 'manifest.missing_answer_masks', path: 'tasks[2].answer_masks' }),
    manifestEdit('unknown metric "aucc"', 'metric: auc,', 'metric: aucc,', { code: 'scores.unknown_metric', path: 'tasks[0].scores[0].metric', messageIncludes: 'tasks[0].scores[0].metric: unknown metric "aucc"' }),
    manifestEdit('date without offset', 'opens_at: 2019-10-13T13:00:00+02:00', 'opens_at: 2019-10-13T13:00:00', { code: 'manifest.invalid_date', path: 'tasks[0].opens_at', messageIncludes: '2019-10-13T13:00:00+02:00' }),
    manifestEdit('impossible date (30 February)', MS_WINDOW, MS_WINDOW.replace('2019-10-13T13:00', '2019-02-30T13:00'), { code: 'manifest.invalid_date', path: 'tasks[1].opens_at' }),
    manifestEdit('freeze outside the window', 'freeze_at: 2019-10-13T14:40:00+02:00', 'freeze_at: 2019-10-13T15:40:00+02:00', { code: 'manifest.freeze_outside_window', path: 'tasks[0].freeze_at' }),
    manifestEdit('closes before it opens', 'closes_at: 2019-10-13T15:00:00+02:00\n    leaderboard: last', 'closes_at: 2019-10-13T12:00:00+02:00\n    leaderboard: last', { code: 'manifest.window_order', path: 'tasks[1].closes_at' }),
    manifestEdit('duplicate team slugs', '{ slug: neuro-ai,', '{ slug: owkin,', { code: 'manifest.duplicate_team', path: 'teams[3].slug', messageIncludes: '"owkin"' }),
    manifestEdit('duplicate task slugs', MS, '  - slug: lung\n', { code: 'manifest.duplicate_task', path: 'tasks[1].slug' }),
    manifestEdit('duplicate jury logins', 'login: juror-1', 'login: chair', { code: 'manifest.duplicate_jury', path: 'jury[1].login' }),
    manifestEdit('path traversal in answer_key', 'answer_key: keys/lung.csv', 'answer_key: ../../etc/passwd', { code: 'manifest.unsafe_path', path: 'tasks[0].answer_key', messageIncludes: '".."' }),
    manifestEdit('absolute path in answer_key', 'answer_key: keys/ms.csv', 'answer_key: /srv/keys/ms.csv', { code: 'manifest.unsafe_path', path: 'tasks[1].answer_key', messageIncludes: 'absolute' }),
    manifestEdit('backslash in answer_masks', 'answer_masks: keys/sarcopenia-masks.zip', 'answer_masks: keys\\sarcopenia-masks.zip', { code: 'manifest.unsafe_path', path: 'tasks[2].answer_masks', messageIncludes: 'backslash' }),
    {
      name: 'path traversal inside the zip',
      zip: zipSync({ ...encodeAll(validBundleFiles()), '../outside.txt': new TextEncoder().encode('x') }),
      expect: { code: 'zip.path_traversal' },
    },
    { name: 'oversized zip (declares 1.2 GB)', zip: oversizedZip(), expect: { code: 'zip.too_large' } },
    { name: 'zip bomb (500 MB from 2 KB)', zip: zipBomb(), expect: { code: 'zip.ratio_too_high', messageIncludes: 'zip bomb' } },
    { name: 'zip entry inflating past its declared size', zip: lyingZip(), expect: { code: 'zip.size_mismatch' } },
    { name: 'too many files', zip: tooManyEntriesZip(), expect: { code: 'zip.too_many_entries' } },
    manifestEdit('unknown field (typo closes_ta)', 'closes_at: 2019-10-13T15:00:00+02:00\n    freeze_at', 'closes_ta: 2019-10-13T15:00:00+02:00\n    freeze_at', { code: 'manifest.unknown_field', path: 'tasks[0].closes_ta', messageIncludes: 'did you mean "closes_at"' }),
    manifestEdit('bad timezone', 'timezone: Europe/Paris', 'timezone: Europe/Pariss', { code: 'manifest.invalid_timezone', path: 'timezone' }),
    manifestEdit('missing title language', '  fr: "Data Challenge de test - finale"\n', '', { code: 'manifest.missing_field', path: 'title.fr' }),
    manifestEdit('invalid event slug', 'slug: fixture-2019', 'slug: "Fixture 2019"', { code: 'manifest.invalid_slug', path: 'slug' }),
    manifestEdit('zero quota', 'submissions: 10', 'submissions: 0', { code: 'manifest.out_of_range', path: 'tasks[0].quota.submissions' }),
    manifestEdit('unknown leaderboard policy', 'leaderboard: best', 'leaderboard: worst', { code: 'manifest.invalid_value', path: 'tasks[0].leaderboard', messageIncludes: 'best' }),
    {
      name: 'single-class AUC truth',
      zip: withFiles((f) => (f['keys/lung.csv'] = LUNG_KEY_CSV.replace(/,1\n/g, ',0\n'))),
      expect: { code: 'answer_key.single_class', path: 'tasks[0].scores[0].truth', messageIncludes: 'single class' },
    },
    fileEdit('duplicate id in answer key', 'keys/lung.csv', 'Poumon11,', 'Poumon7,', { code: 'csv.duplicate_id', file: 'keys/lung.csv', line: 12, messageIncludes: 'duplicate id "Poumon7"' }),
    fileEdit('bad split in answer key', 'keys/lung.csv', 'Poumon3,public', 'Poumon3,test', { code: 'key.bad_split', file: 'keys/lung.csv', line: 4 }),
    fileEdit('non-numeric truth', 'keys/ms.csv', 'Seq2;public;3,5', 'Seq2;public;trois', { code: 'csv.not_a_number', file: 'keys/ms.csv', line: 3 }),
    manifestEdit('truth column absent from the answer key', 'truth: status', 'truth: statut', { code: 'scores.unknown_truth_column', path: 'tasks[0].scores[0].truth', messageIncludes: '"statut"' }),
    manifestEdit('prediction column not declared in the submission', 'prediction: probability', 'prediction: proba', { code: 'scores.unknown_prediction_column', path: 'tasks[0].scores[0].prediction', messageIncludes: '"proba"' }),
    manifestEdit('tie_break names an unknown score', 'tie_break: dice', 'tie_break: dise', { code: 'ranking.unknown_tie_break', path: 'tasks[2].ranking.tie_break', messageIncludes: '"dise"' }),
    {
      name: 'mask missing for a case',
      zip: withFiles((f) => (f['keys/sarcopenia-masks.zip'] = sarcopeniaMasksZip(SARCO_IDS.slice(0, 3)))),
      expect: { code: 'key.missing_mask', messageIncludes: 'Sarco4' },
    },
    manifestEdit('submission declares neither table nor masks', `    submission:\n      table: { id: sequence, columns: { edss: { type: number, min: 0, max: 10 } } }\n`, '    submission: {}\n', {
      code: 'manifest.empty_submission',
      path: 'tasks[1].submission',
    }),
    {
      name: 'no team',
      zip: withManifest((y) => y.replace(/teams:\n(?: {2}- .*\n)+/, 'teams: []\n')),
      expect: { code: 'manifest.empty_list', path: 'teams' },
    },
    ...badDetectionCases(),
    manifestEdit('task without scores', '    scores:\n      - { name: mse, metric: mse, truth: edss, prediction: edss }\n', '', { code: 'manifest.missing_field', path: 'tasks[1].scores' }),
  ].map((c) => ({ ...c, expect: c.expect as BadBundleCase['expect'] }));
}

function encodeAll(files: BundleFiles): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
}

// The zips below lie in their headers, as hostile uploads do; the reader must refuse them from
// the central directory alone, before inflating anything.

const CDH_SIG = 0x02014b50;

/** Rewrites the sizes an entry declares in the central directory (and its local header). */
function patchDeclaredSizes(zip: Uint8Array, entry: string, sizes: { size?: number; compressedSize?: number }): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const decoder = new TextDecoder();
  for (let p = 0; p + 46 <= out.length; p++) {
    if (view.getUint32(p, true) !== CDH_SIG) continue;
    const nameLength = view.getUint16(p + 28, true);
    if (decoder.decode(out.subarray(p + 46, p + 46 + nameLength)) !== entry) continue;
    const local = view.getUint32(p + 42, true);
    if (sizes.compressedSize !== undefined) {
      view.setUint32(p + 20, sizes.compressedSize, true);
      view.setUint32(local + 18, sizes.compressedSize, true);
    }
    if (sizes.size !== undefined) {
      view.setUint32(p + 24, sizes.size, true);
      view.setUint32(local + 22, sizes.size, true);
    }
    return out;
  }
  throw new Error(`fixture: entry ${entry} not found`);
}

function oversizedZip(): Uint8Array {
  let zip: Uint8Array = zipSync({ ...encodeAll(validBundleFiles()), 'scans/a.bin': new Uint8Array(1), 'scans/b.bin': new Uint8Array(1), 'scans/c.bin': new Uint8Array(1) }, { level: 0 });
  for (const name of ['scans/a.bin', 'scans/b.bin', 'scans/c.bin']) {
    zip = patchDeclaredSizes(zip, name, { size: 400 * 1024 * 1024, compressedSize: 1024 * 1024 });
  }
  return zip;
}

function zipBomb(): Uint8Array {
  const zip = zipSync({ ...encodeAll(validBundleFiles()), 'keys/extra.csv': new Uint8Array(2 * 1024 * 1024) }, { level: 9 });
  return patchDeclaredSizes(zip, 'keys/extra.csv', { size: 500 * 1024 * 1024 });
}

function lyingZip(): Uint8Array {
  // Honest-looking small declared size; the stream really inflates to 2 MiB of zeros.
  const zip = zipSync({ ...encodeAll(validBundleFiles()), 'keys/notes.txt': new Uint8Array(2 * 1024 * 1024) }, { level: 9 });
  return patchDeclaredSizes(zip, 'keys/notes.txt', { size: 4096 });
}

function tooManyEntriesZip(): Uint8Array {
  const files = encodeAll(validBundleFiles());
  const empty = new Uint8Array(0);
  for (let i = 0; i <= DEFAULT_ZIP_LIMITS.maxEntries; i++) files[`junk/${i}.txt`] = empty;
  return zipSync(files, { level: 0 });
}
