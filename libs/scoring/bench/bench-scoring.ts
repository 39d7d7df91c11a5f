// `npm run bench:scoring`: each figure of issue 3 next to a baseline measured in the same run on
// the same bytes, with the ratio. Medians of several runs after a warm-up; inputs are built first
// (deterministic), and only the measured call sits inside the timer.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { parse as csvParse } from 'csv-parse/sync';
import { auc, hd95, meanDice, mse } from '../src/metrics/index.js';
import { defaultInflater, encodeNifti1, fflateInflater, normalizeCaseId, parseCsvTable, parseSubmission } from '../src/parsing/index.js';
import type { AnswerKey, MaskImage, SubmissionSpec } from '../src/types.js';
import { zipBytes } from '../test/builders.js';
import { createRng } from '../src/random/index.js';

// The seeded PRNG, so every run scores the same data.
const rng = (seed: number): (() => number) => createRng(seed, 'bench:scoring').next;

const ROWS = 100_000;
const MASKS = 500;
const SIDE = 512;

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => unknown, runs: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    t.push(performance.now() - start);
  }
  return median(t);
}

interface Row {
  what: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  ok: boolean;
}
const rows: Row[] = [];
const ms = (x: number) => `${x.toFixed(1)} ms`;
function record(what: string, ours: number, oursText: string, base: number, baseText: string, target: string, ok: boolean) {
  const row = { what, ours: oursText, baseline: baseText, ratio: `${(ours / base).toFixed(2)}x`, target, ok };
  rows.push(row);
  // Progress on stderr: the table comes at the end, a slow machine should not look hung.
  process.stderr.write(`  ${row.what}: ${row.ours} vs ${row.baseline} (${row.ratio}) ${row.ok ? 'ok' : 'MISSED'}\n`);
}

// ---------- tables: 100k rows ----------
function tableKey(truth: Float64Array): AnswerKey {
  const ids = Array.from({ length: ROWS }, (_, i) => `Case${String(i).padStart(6, '0')}`);
  return { ids, normalizedIds: ids.map(normalizeCaseId), split: ids.map((_, i) => (i % 3 ? 'private' : 'public')), truth: { y: truth } };
}

function tableCsv(key: AnswerKey, values: Float64Array, order: number[]): Uint8Array {
  const lines = ['id,prediction'];
  for (const i of order) lines.push(`${key.ids[i]},${values[i]!.toFixed(6)}`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

function benchTable(label: string, metric: (t: Float64Array, p: Float64Array) => number, truthOf: (r: () => number) => number, predOf: (t: number, r: () => number) => number, max: number) {
  const r = rng(7);
  const truth = Float64Array.from({ length: ROWS }, () => truthOf(r));
  const pred = Float64Array.from(truth, (t) => predOf(t, r));
  const key = tableKey(truth);
  const spec: SubmissionSpec = { table: { id: 'id', columns: { prediction: { type: 'number', min: 0, max } } } };
  const inOrder = Array.from({ length: ROWS }, (_, i) => i);
  const shuffled = [...inOrder];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const json = JSON.stringify(inOrder.map((i) => [key.ids[i], Number(pred[i]!.toFixed(6))]));
  const baseline = time(() => JSON.parse(json), 9);
  for (const [orderName, order] of [
    ['key order', inOrder],
    ['shuffled', shuffled],
  ] as const) {
    const csv = tableCsv(key, pred, order);
    let score = 0;
    const t = time(() => {
      const parsed = parseSubmission({ bytes: csv, fileName: 'sub.csv' }, spec, key);
      if (!parsed.submission) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
      score = metric(truth, parsed.submission.values['prediction']!);
    }, 9);
    const metricOnly = time(() => metric(truth, pred), 9);
    record(
      `${label}, 100k rows, CSV parse + validate + metric (${orderName}; metric alone ${ms(metricOnly)}; score ${score.toFixed(4)})`,
      t,
      ms(t),
      baseline,
      `${ms(baseline)} JSON.parse of the same [id, value] rows`,
      '<= 50 ms',
      t <= 50,
    );
  }
}

/**
 * The unquoted splitter against csv-parse (which reads the quoted files) on the same 100k-row
 * bytes, both ending with every id as a string and every value as a number.
 */
function benchCsvSplit() {
  const r = rng(5);
  const lines = ['id,prediction'];
  for (let i = 0; i < ROWS; i++) lines.push(`Case${String(i).padStart(6, '0')},${r().toFixed(6)}`);
  const csv = new TextEncoder().encode(lines.join('\n') + '\n');
  let checksum = 0;
  const ours = time(() => {
    const { table } = parseCsvTable(csv, 'sub.csv');
    let sum = 0;
    for (let row = 0; row < table!.rowCount; row++) sum += table!.cell(row, 0).length + table!.number(row, 1);
    checksum = sum;
  }, 9);
  // Baselines: csv-parse as one would call it, and with the options the quoted path gives it
  // (line info for problems: what every file would cost without the splitter).
  for (const [label, options] of [
    ['csv-parse/sync + Number()', { delimiter: ',' }],
    ["csv-parse/sync with the quoted path's options (info, relax_column_count, skip_empty_lines) + Number()", { delimiter: ',', relax_column_count: true, info: true, skip_empty_lines: true }],
  ] as const) {
    let baseSum = 0;
    const base = time(() => {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(csv);
      const records = (csvParse(text, options) as (string[] | { record: string[] })[]).map((r) => ('record' in r ? r.record : r));
      let sum = 0;
      for (let row = 1; row < records.length; row++) sum += records[row]![0]!.length + Number(records[row]![1]);
      baseSum = sum;
    }, 5);
    if (Math.abs(checksum - baseSum) > 1e-6 * Math.abs(baseSum)) throw new Error(`CSV readers disagree: ${checksum} vs ${baseSum}`);
    record(
      'CSV split, 100k unquoted rows, every id read and every value as a number (csv-table.ts)',
      ours,
      ms(ours),
      base,
      `${ms(base)} ${label}`,
      'faster than csv-parse',
      ours < base,
    );
  }
}

// ---------- masks ----------
/** A muscle-ring-like mask: an ellipse minus an inner ellipse, jittered per case. */
function ringMask(r: () => number, spacing: [number, number, number]): MaskImage {
  const data = new Uint8Array(SIDE * SIDE);
  const cx = 256 + (r() - 0.5) * 40;
  const cy = 270 + (r() - 0.5) * 40;
  const ax = 150 + r() * 40;
  const ay = 110 + r() * 30;
  const inner = 0.7 + r() * 0.1;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const d = ((x - cx) / ax) ** 2 + ((y - cy) / ay) ** 2;
      if (d <= 1 && d >= inner * inner) data[y * SIDE + x] = 1;
    }
  }
  return { dims: [SIDE, SIDE, 1], spacing, data };
}

function buildMaskTask() {
  const r = rng(11);
  const spacing: [number, number, number] = [0.78125, 0.78125, 1];
  const ids = Array.from({ length: MASKS }, (_, i) => `Examen${i + 1}`);
  const truth = ids.map(() => ringMask(r, spacing));
  const pred = ids.map(() => ringMask(r, spacing));
  const key: AnswerKey = { ids, normalizedIds: ids.map(normalizeCaseId), split: ids.map(() => 'public'), truth: {}, masks: truth };
  // gzip with Node (fast to build); the zip stores the .nii.gz as `zip`/Python do by default.
  const niiGz = pred.map((m) => new Uint8Array(zlib.gzipSync(encodeNifti1(m), { level: 6 })));
  const zip = zipBytes(ids.map((id, i) => ({ name: `masks/${id}.nii.gz`, data: niiGz[i]!, method: 'store' as const })));
  // Deflated again inside the zip (macOS Finder does this); Node deflates so the floor reuses the bytes.
  const reDeflated = niiGz.map((gz) => new Uint8Array(zlib.deflateRawSync(gz)));
  const zipDeflated = zipBytes(ids.map((id, i) => ({ name: `masks/${id}.nii.gz`, data: niiGz[i]!, deflatedBody: reDeflated[i]! })));
  return { key, truth, pred, niiGz, reDeflated, zip, zipDeflated };
}

const MASK_SPEC: SubmissionSpec = { masks: { format: 'nifti' } };

function benchDice(task: ReturnType<typeof buildMaskTask>) {
  const voxels = MASKS * SIDE * SIDE;

  // Dice over already-decoded masks vs a plain byte-sum over the same bytes.
  let score = 0;
  const tDice = time(() => (score = meanDice(task.truth, task.pred)), 7);
  const tSum = time(() => {
    let s = 0;
    for (let m = 0; m < MASKS; m++) {
      const a = task.truth[m]!.data;
      const b = task.pred[m]!.data;
      for (let i = 0; i < a.length; i++) s += a[i]! + b[i]!;
    }
    return s;
  }, 7);
  const gvox = voxels / (tDice / 1000) / 1e9;
  record(`Dice, 500 masks 512x512 decoded (${gvox.toFixed(2)} G voxel/s; mean ${score.toFixed(4)})`, tDice, ms(tDice), tSum, `${ms(tSum)} byte-sum loop over the same bytes`, '>= 1 G voxel/s', gvox >= 1);

}

function benchZip(task: ReturnType<typeof buildMaskTask>) {
  // Decoding the 500-mask zip vs Node's zlib alone on the same bytes (the floor).
  const decodedMb = (MASKS * (SIDE * SIDE + 352)) / 1e6;
  for (const [layout, zip] of [
    ['stored .nii.gz', task.zip],
    ['deflated .nii.gz', task.zipDeflated],
  ] as const) {
    // The floor: Node's zlib alone on the same bytes (zip-level inflate when deflated, then gunzip).
    const deflated = layout === 'stored .nii.gz' ? task.niiGz : task.reDeflated;
    const floorUsed = time(() => {
      for (let i = 0; i < MASKS; i++) zlib.gunzipSync(layout === 'stored .nii.gz' ? deflated[i]! : zlib.inflateRawSync(deflated[i]!));
    }, 5);
    for (const [name, options] of [
      [`default (${defaultInflater === fflateInflater ? 'fflate' : 'Node zlib'})`, {}],
      ['fflate injected (pure JS, where zlib is missing)', { inflate: fflateInflater }],
    ] as const) {
      const t = time(() => {
        const parsed = parseSubmission({ bytes: zip, fileName: 'team.zip' }, MASK_SPEC, task.key, {}, options);
        if (!parsed.submission) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
      }, name.startsWith('fflate') ? 3 : 5, 1);
      record(
        `Decode zip of 500 ${layout} + validate, ${name} (${(decodedMb / (t / 1000)).toFixed(0)} MB/s decoded, zip ${(zip.length / 1e6).toFixed(1)} MB)`,
        t,
        ms(t),
        floorUsed,
        `${ms(floorUsed)} zlib ${layout === 'stored .nii.gz' ? 'gunzipSync' : 'inflateRawSync + gunzipSync'} only (${(decodedMb / (floorUsed / 1000)).toFixed(0)} MB/s)`,
        name.startsWith('fflate') ? 'none (fallback)' : '<= 2x floor',
        name.startsWith('fflate') || t <= 2 * floorUsed,
      );
    }
  }

}

function benchHd95(task: ReturnType<typeof buildMaskTask>) {
  // HD95: one 2D pair, then a 500-slice volume pair.
  const [a, b] = [task.truth[0]!, task.pred[0]!];
  let d2 = 0;
  const t2 = time(() => (d2 = hd95(a, b)), 9);
  const tScan2 = time(() => {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i]! + b.data[i]!;
    return s;
  }, 9);
  record(`HD95, one 512x512 pair (${d2.toFixed(3)} mm)`, t2, ms(t2), tScan2, `${ms(tScan2)} byte-sum of the pair`, '<= 5 ms', t2 <= 5);
  // A realistic volume pair: a muscle-ring-like structure varying slowly along z (centre,
  // axes and thickness drift), and a prediction off by a few voxels (shifted, scaled, wavy).
  const va = ringVolume(false);
  const vb = ringVolume(true);
  let d3 = 0;
  const t3 = time(() => (d3 = hd95(va, vb)), 3, 1);
  const tScan3 = time(() => byteSum(va.data, vb.data), 3, 1);
  record(`HD95, 500x512x512 volume pair, smooth ring varying along z (${d3.toFixed(3)} mm)`, t3, ms(t3), tScan3, `${ms(tScan3)} byte-sum of the pair`, '<= 1500 ms', t3 <= 1500);
  // Adversarial, no target: 500 unrelated ring slices stacked, so nearly every voxel touches a
  // different neighbour slice and is surface (~10M surface voxels instead of ~1.5M).
  const stack = (slices: MaskImage[]): MaskImage => {
    const data = new Uint8Array(MASKS * SIDE * SIDE);
    slices.forEach((m, z) => data.set(m.data, z * SIDE * SIDE));
    return { dims: [SIDE, SIDE, MASKS], spacing: [0.78125, 0.78125, 1], data };
  };
  const sa = stack(task.truth);
  const sb = stack(task.pred);
  let dDense = 0;
  const tDense = time(() => (dDense = hd95(sa, sb)), 1, 0);
  const tScanDense = time(() => byteSum(sa.data, sb.data), 1, 0);
  record(`HD95, adversarial: 500 unrelated slices stacked, dense surface (${dDense.toFixed(3)} mm)`, tDense, ms(tDense), tScanDense, `${ms(tScanDense)} byte-sum of the pair`, 'finite (no target)', Number.isFinite(dDense));
}

function byteSum(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! + b[i]!;
  return s;
}

/** 500 slices of 512x512: the ring of `ringMask` morphing smoothly with z; `perturbed` is the prediction. */
function ringVolume(perturbed: boolean): MaskImage {
  const depth = MASKS;
  const data = new Uint8Array(SIDE * SIDE * depth);
  const waveX = Float64Array.from({ length: SIDE }, (_, x) => Math.sin(x / 17));
  for (let z = 0; z < depth; z++) {
    const t = z / depth;
    const cx = 256 + 20 * Math.sin(2 * Math.PI * t) + (perturbed ? 1.5 : 0);
    const cy = 270 + 15 * Math.cos(1.4 * Math.PI * t) - (perturbed ? 1 : 0);
    const ax = (150 + 30 * Math.sin(Math.PI * t)) * (perturbed ? 1.02 : 1);
    const ay = 110 + 25 * Math.sin(Math.PI * t + 0.3);
    const inner = 0.72 + 0.06 * Math.sin(3 * Math.PI * t) + (perturbed ? 0.01 : 0);
    const y0 = Math.max(0, Math.floor(cy - ay - 2));
    const y1 = Math.min(SIDE - 1, Math.ceil(cy + ay + 2));
    const x0 = Math.max(0, Math.floor(cx - ax - 2));
    const x1 = Math.min(SIDE - 1, Math.ceil(cx + ax + 2));
    for (let y = y0; y <= y1; y++) {
      const wave = perturbed ? 0.04 * Math.cos(y / 23 + z / 40) : 0;
      const ry = ((y - cy) / ay) ** 2;
      const row = (z * SIDE + y) * SIDE;
      for (let x = x0; x <= x1; x++) {
        const d = ((x - cx) / ax) ** 2 + ry + wave * waveX[x]!;
        if (d <= 1 && d >= inner * inner) data[row + x] = 1;
      }
    }
  }
  return { dims: [SIDE, SIDE, depth], spacing: [0.78125, 0.78125, 1], data };
}

// ---------- peak memory, in a fresh process so the peak is this submission's alone ----------
function memoryChild(): void {
  // Inputs are built one mask at a time so that building peaks below parsing: the RSS peak
  // delta is then the parse's own (key masks + zip stay resident, as on a server).
  const r = rng(11);
  const spacing: [number, number, number] = [0.78125, 0.78125, 1];
  const ids = Array.from({ length: MASKS }, (_, i) => `Examen${i + 1}`);
  const truth = ids.map(() => ringMask(r, spacing));
  const key: AnswerKey = { ids, normalizedIds: ids.map(normalizeCaseId), split: ids.map(() => 'public'), truth: {}, masks: truth };
  const zip = zipBytes(ids.map((id) => ({ name: `masks/${id}.nii.gz`, data: new Uint8Array(zlib.gzipSync(encodeNifti1(ringMask(r, spacing)))), method: 'store' as const })));
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage();
  const maxRssBefore = process.resourceUsage().maxRSS * 1024;
  const parsed = parseSubmission({ bytes: zip, fileName: 'team.zip' }, MASK_SPEC, key);
  const after = process.memoryUsage();
  const maxRssAfter = process.resourceUsage().maxRSS * 1024;
  const decoded = parsed.submission!.masks!.reduce((sum, m) => sum + m!.data.length, 0);
  process.stdout.write(
    JSON.stringify({
      decoded,
      gc: typeof (globalThis as { gc?: unknown }).gc === 'function',
      peakRssDelta: maxRssAfter - Math.max(maxRssBefore, before.rss),
      arrayBuffersDelta: after.arrayBuffers - before.arrayBuffers,
    }),
  );
}

function benchMemory() {
  const out = execFileSync(process.execPath, [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--memory-child'], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const m = JSON.parse(out.slice(out.indexOf('{'))) as { decoded: number; peakRssDelta: number; arrayBuffersDelta: number };
  const mb = (x: number) => `${(x / 1e6).toFixed(0)} MB`;
  const peak = Math.max(m.peakRssDelta, m.arrayBuffersDelta);
  record(
    `Peak memory, 500-mask submission (RSS peak delta ${mb(m.peakRssDelta)}, arrayBuffers delta ${mb(m.arrayBuffersDelta)})`,
    peak,
    mb(peak),
    m.decoded,
    `${mb(m.decoded)} decoded voxels`,
    '<= 4x decoded',
    peak <= 4 * m.decoded,
  );
}

function printTable() {
  const headers = ['measure', 'ours', 'baseline (same run)', 'ratio', 'target', ''];
  const body = rows.map((r) => [r.what, r.ours, r.baseline, r.ratio, r.target, r.ok ? 'ok' : 'MISSED']);
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const b of body) console.log(line(b));
}

if (process.argv.includes('--memory-child')) {
  memoryChild();
} else {
  console.log(`bench:scoring on Node ${process.version}, ${new Date().toISOString()}`);
  // `-- table`, `-- masks` (or `-- dice`, `-- zip`, `-- hd95`), `-- memory` run one part (all by default).
  const parts = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const want = (part: string) => parts.length === 0 || parts.includes(part);
  if (want('table')) {
    benchCsvSplit();
    benchTable('AUC', auc, (r) => (r() < 0.3 ? 1 : 0), (t, r) => Math.min(1, Math.max(0, 0.35 * t + 0.65 * r())), 1);
    benchTable('MSE', mse, (r) => Math.round(r() * 20) / 2, (t, r) => Math.min(10, Math.max(0, t + (r() - 0.5) * 3)), 10);
  }
  // `-- masks` = dice + zip + hd95, each also alone.
  const wantMasks = (part: string) => want('masks') || parts.includes(part);
  if (wantMasks('dice') || wantMasks('zip') || wantMasks('hd95')) {
    const task = buildMaskTask();
    if (wantMasks('dice')) benchDice(task);
    if (wantMasks('zip')) benchZip(task);
    if (wantMasks('hd95')) benchHd95(task);
  }
  if (want('memory')) benchMemory();
  printTable();
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}
