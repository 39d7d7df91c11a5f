import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadEventBundle, loadEventBundleFromFiles } from './load-event-bundle.js';
import { badBundleCases, buildBundleZip, detectionBundleFiles, replaceOnce, VALID_EVENT_YAML, validBundleFiles, type BadBundleCase, type BundleFiles } from './testing/bundle-fixtures.js';

const toMap = (files: BundleFiles) =>
  new Map(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? new TextEncoder().encode(content) : content]));

describe('loadEventBundle on a valid bundle', () => {
  const result = loadEventBundle(buildBundleZip(validBundleFiles()));

  it('returns the manifest with defaults applied and no problem', () => {
    expect(result.problems).toEqual([]);
    const manifest = result.bundle!.manifest;
    expect(manifest.slug).toBe('fixture-2019');
    expect(manifest.teams.map((t) => t.slug)).toEqual(['owkin', 'rad-lyon', 'paris-students', 'neuro-ai']);
    expect(manifest.jury.map((j) => j.role)).toEqual(['organiser', 'juror']);
    expect(manifest.tasks.map((t) => [t.slug, t.leaderboard])).toEqual([
      ['lung', 'best'],
      ['ms', 'last'],
      ['sarcopenia', 'best'], // leaderboard omitted: defaults to best
    ]);
    expect(manifest.tasks[0].submission.table!.columns.probability).toEqual({ type: 'number', min: 0, max: 1 });
    expect(manifest.tasks[2].submission.masks).toEqual({ format: 'nifti' });
    expect(manifest.tasks[2].ranking).toEqual({ method: 'rank_sum', tie_break: 'dice' });
  });

  it('parses every answer key, masks included', () => {
    const keys = result.bundle!.answerKeys;
    expect([...keys.keys()]).toEqual(['lung', 'ms', 'sarcopenia']);
    expect(keys.get('lung')!.ids).toHaveLength(12);
    expect([...keys.get('lung')!.truth.status]).toEqual([1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0]);
    // Semicolons and decimal commas in keys/ms.csv.
    expect([...keys.get('ms')!.truth.edss]).toEqual([2, 3.5, 0, 6, 1.5, 4, 7.5, 2.5]);
    const sarcopenia = keys.get('sarcopenia')!;
    expect(sarcopenia.masks).toHaveLength(4);
    expect(sarcopenia.masks![0].dims).toEqual([16, 16, 1]);
    const pixels = sarcopenia.masks![0].data.reduce((s, v) => s + v, 0);
    expect(sarcopenia.truth.area_mm2[0]).toBeCloseTo(pixels * 0.8 * 0.8, 2);
  });

  it('keeps every bundle file for the server to store', () => {
    expect([...result.bundle!.files.keys()].sort()).toEqual(['event.yaml', 'keys/lung.csv', 'keys/ms.csv', 'keys/sarcopenia-masks.zip', 'keys/sarcopenia.csv']);
  });

  it('accepts the same event as event.json', () => {
    const files = validBundleFiles();
    delete files['event.yaml'];
    files['event.json'] = JSON.stringify(parse(VALID_EVENT_YAML), null, 2);
    const fromJson = loadEventBundle(buildBundleZip(files));
    expect(fromJson.problems).toEqual([]);
    expect(fromJson.bundle!.manifest).toEqual(result.bundle!.manifest);
  });

  it('accepts a zip of the bundle folder (one top-level directory)', () => {
    const files = Object.fromEntries(Object.entries(validBundleFiles()).map(([name, content]) => [`jfr-2019/${name}`, content]));
    const nested = loadEventBundle(buildBundleZip(files));
    expect(nested.problems).toEqual([]);
    expect(nested.bundle!.manifest).toEqual(result.bundle!.manifest);
  });

  it('gives the same result for a directory read from disk', () => {
    const fromDir = loadEventBundleFromFiles(toMap(validBundleFiles()));
    expect(fromDir.problems).toEqual([]);
    expect(fromDir.bundle!.manifest).toEqual(result.bundle!.manifest);
  });

  it('accepts UTC instants, a BOM and ./ paths', () => {
    const files = validBundleFiles();
    files['event.yaml'] = '\uFEFF' + replaceOnce(replaceOnce(VALID_EVENT_YAML, 'answer_key: keys/lung.csv', 'answer_key: ./keys/lung.csv'), 'opens_at: 2019-10-13T14:00:00+02:00', 'opens_at: 2019-10-13T12:00:00Z');
    const r = loadEventBundle(buildBundleZip(files));
    expect(r.problems).toEqual([]);
    expect(r.bundle!.manifest.tasks[2].opens_at).toBe('2019-10-13T12:00:00Z');
  });
});

describe('composite scores', () => {
  it('accepts the 2018 meniscus formula (weighted conditional AUCs) from the README', () => {
    const files = validBundleFiles();
    files['event.yaml'] = replaceOnce(
      VALID_EVENT_YAML,
      `        columns: { probability: { type: number, min: 0, max: 1 } }
    scores:
      - { name: auc, metric: auc, truth: status, prediction: probability }`,
      `        columns: { tear: { type: number }, anterior: { type: number }, horizontal: { type: number } }
    scores:
      - name: meniscus
        metric: weighted
        terms:
          - { weight: 0.4, metric: auc, truth: tear, prediction: tear }
          - { weight: 0.3, metric: auc, truth: anterior, prediction: anterior, where: { tear: 1 } }
          - { weight: 0.3, metric: auc, truth: horizontal, prediction: horizontal, where: { tear: 1 } }`,
    );
    // Conditional columns are blank where there is no tear; each split has both classes.
    const rows = [
      ['1', '1', '0'], ['1', '1', '0'], ['1', '0', '1'], ['1', '0', '1'], ['0', '', ''], ['0', '', ''],
      ['1', '1', '1'], ['1', '1', '1'], ['0', '', ''], ['0', '', ''], ['1', '0', '0'], ['1', '0', '0'],
    ];
    files['keys/lung.csv'] = ['id,split,tear,anterior,horizontal', ...rows.map((r, i) => `Knee${i + 1},${i % 2 ? 'private' : 'public'},${r.join(',')}`)].join('\n');
    const r = loadEventBundle(buildBundleZip(files));
    expect(r.problems).toEqual([]);
    expect(r.bundle!.manifest.tasks[0].scores[0].terms).toHaveLength(3);
    expect(Number.isNaN(r.bundle!.answerKeys.get('lung')!.truth.anterior[4])).toBe(true);
  });
});

describe('loadEventBundle on a detection event', () => {
  it('reads submission.detection and one key row per nodule, every scan listed once', () => {
    const r = loadEventBundle(buildBundleZip(detectionBundleFiles()));
    expect(r.problems).toEqual([]);
    expect(r.bundle!.manifest.tasks[0].submission).toEqual({ detection: { id: 'seriesuid', max_candidates_per_scan: 100 } });
    const key = r.bundle!.answerKeys.get('nodules')!;
    expect(key.ids).toEqual(['scan-a', 'scan-b', 'scan-c', 'scan-d']);
    expect(key.split).toEqual(['public', 'private', 'public', 'private']);
    expect(key.findings!.map((f) => [f.caseId, f.diameter])).toEqual([
      ['scan-a', 10],
      ['scan-a', 6],
      ['scan-b', 8],
    ]);
  });
});

describe('loadEventBundle on bad bundles', () => {
  const cases = badBundleCases();

  it('has at least 25 distinct named cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as [string, BadBundleCase]))('%s', (_name, badCase) => {
    const { bundle, problems } = loadEventBundle(badCase.zip);
    expect(bundle).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    const { messageIncludes, ...fields } = badCase.expect;
    const match = problems.find(
      (p) => Object.entries(fields).every(([k, v]) => p[k as keyof typeof p] === v) && (messageIncludes === undefined || p.message.includes(messageIncludes)),
    );
    expect(match, `expected ${JSON.stringify(badCase.expect)} among ${JSON.stringify(problems, null, 1)}`).toBeDefined();
    for (const p of problems) {
      expect(p.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(p.message.length).toBeGreaterThan(20);
      if (p.path !== undefined) expect(p.message).toContain(`${p.path}: `);
    }
  });

  it('reports every independent problem of one upload, not just the first', () => {
    const files = validBundleFiles();
    let yaml = VALID_EVENT_YAML;
    yaml = replaceOnce(yaml, 'timezone: Europe/Paris', 'timezone: Paris');
    yaml = replaceOnce(yaml, '{ slug: neuro-ai,', '{ slug: owkin,');
    yaml = replaceOnce(yaml, 'metric: auc,', 'metric: aucc,');
    yaml = replaceOnce(yaml, 'freeze_at: 2019-10-13T14:40:00+02:00', 'freeze_at: 2019-10-13T16:00:00+02:00');
    yaml = replaceOnce(yaml, 'leaderboard: last', 'leaderbord: last');
    files['event.yaml'] = yaml;
    files['keys/ms.csv'] = replaceOnce(String(files['keys/ms.csv']), 'Seq5;private', 'Seq5;privee');
    const { problems } = loadEventBundle(buildBundleZip(files));
    expect(problems.map((p) => [p.code, p.path ?? p.file]).sort()).toEqual(
      [
        ['key.bad_split', 'keys/ms.csv'],
        ['manifest.duplicate_team', 'teams[3].slug'],
        ['manifest.freeze_outside_window', 'tasks[0].freeze_at'],
        ['manifest.invalid_timezone', 'timezone'],
        ['manifest.unknown_field', 'tasks[1].leaderbord'],
        ['scores.unknown_metric', 'tasks[0].scores[0].metric'],
      ].sort(),
    );
    expect(problems.find((p) => p.code === 'manifest.unknown_field')!.message).toBe(
      'event.yaml line 34: tasks[1].leaderbord: unknown field "leaderbord": did you mean "leaderboard"?',
    );
  });

  it('applies caller limits before inflating anything', () => {
    const { problems } = loadEventBundle(buildBundleZip(validBundleFiles()), { limits: { maxTotalBytes: 1000 }, fileName: 'upload.zip' });
    expect(problems).toEqual([expect.objectContaining({ code: 'zip.too_large', file: 'upload.zip' })]);
  });

  it('counts the answer-masks zip inside the bundle against the size limit', () => {
    const files = validBundleFiles();
    const sizeOf = (c: string | Uint8Array) => (typeof c === 'string' ? new TextEncoder().encode(c).length : c.length);
    const withoutMasks = Object.entries(files).reduce((sum, [name, c]) => sum + (name.endsWith('.zip') ? 0 : sizeOf(c)), 0);
    const ok = loadEventBundle(buildBundleZip(files), { limits: { maxTotalBytes: withoutMasks + sizeOf(files['keys/sarcopenia-masks.zip']) } });
    expect(ok.problems).toEqual([]);
    const tight = loadEventBundle(buildBundleZip(files), { limits: { maxTotalBytes: withoutMasks + 10 } });
    expect(tight.problems).toEqual([expect.objectContaining({ code: 'zip.too_large' })]);
  });

  it('still refuses a zip hidden under another name', () => {
    const files = validBundleFiles();
    files['keys/lung.csv'] = files['keys/sarcopenia-masks.zip'];
    expect(loadEventBundle(buildBundleZip(files)).problems).toEqual([expect.objectContaining({ code: 'zip.nested_archive' })]);
  });

  it('never throws on truncated or corrupted zips', () => {
    const zip = buildBundleZip(validBundleFiles());
    for (const length of [1, 4, 30, 100, zip.length >> 1, zip.length - 23, zip.length - 1]) {
      const r = loadEventBundle(zip.subarray(0, length));
      expect(r.bundle).toBeUndefined();
      expect(r.problems.length).toBeGreaterThan(0);
    }
    for (let seed = 1; seed <= 20; seed++) {
      const flipped = zip.slice();
      for (let i = 0; i < 8; i++) flipped[(seed * 7919 * (i + 1)) % flipped.length] ^= 0xff;
      expect(() => loadEventBundle(flipped)).not.toThrow();
    }
  });
});

describe('loadEventBundleFromFiles', () => {
  it('refuses unsafe file names and an empty directory', () => {
    const files = toMap(validBundleFiles());
    files.set('../escape.txt', new Uint8Array(1));
    expect(loadEventBundleFromFiles(files).problems).toEqual([expect.objectContaining({ code: 'bundle.unsafe_file_name', file: '../escape.txt' })]);
    expect(loadEventBundleFromFiles(new Map()).problems).toEqual([expect.objectContaining({ code: 'bundle.empty' })]);
  });

  it('applies the same limits as a zip', () => {
    const files = toMap(validBundleFiles());
    expect(loadEventBundleFromFiles(files, { limits: { maxEntries: 3 } }).problems).toEqual([expect.objectContaining({ code: 'bundle.too_many_files' })]);
    expect(loadEventBundleFromFiles(files, { limits: { maxTotalBytes: 100 } }).problems).toEqual([expect.objectContaining({ code: 'bundle.too_large' })]);
  });

  it('requires a ranking when a task has several scores', () => {
    const files = validBundleFiles();
    files['event.yaml'] = replaceOnce(VALID_EVENT_YAML, '    ranking: { method: rank_sum, tie_break: dice }\n', '');
    const { problems } = loadEventBundleFromFiles(toMap(files));
    expect(problems).toEqual([expect.objectContaining({ code: 'manifest.missing_ranking', path: 'tasks[2].ranking' })]);
    expect(problems[0].message).toContain('ranking: { method: rank_sum, tie_break: dice }');
  });
});

describe('one answer lists schema, cross-field and answer-key problems together', () => {
  const messages = (files: BundleFiles) => loadEventBundle(buildBundleZip(files)).problems.map((p) => p.message);

  it('a date without offset, a truth typo and a split "test" in the key, in one go', () => {
    let yaml = replaceOnce(VALID_EVENT_YAML, 'opens_at: 2019-10-13T13:00:00+02:00', 'opens_at: 2019-10-13T13:00:00');
    yaml = replaceOnce(yaml, 'truth: status', 'truth: fractur');
    const files = { ...validBundleFiles(), 'event.yaml': yaml, 'keys/lung.csv': replaceOnce(validBundleFiles()['keys/lung.csv'] as string, 'Poumon3,public', 'Poumon3,test') };
    const found = messages(files);
    expect(found.some((m) => m.includes('tasks[0].opens_at'))).toBe(true);
    expect(found.some((m) => m.includes('fractur'))).toBe(true);
    expect(found.some((m) => m.includes('keys/lung.csv') && m.includes('test'))).toBe(true);
  });

  it("the README's own example: closes_ta and aucc, both reported", () => {
    // The README shows these two lines for a copy of its example with both typos (its line numbers).
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const example = /## A complete example\s+```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const shown = /## Problems[\s\S]*?```\n([\s\S]*?)```/.exec(readme)![1]!.split('\n').slice(0, 3);
    let yaml = replaceOnce(example, '    closes_at: 2019-10-13T15:00:00+02:00\n    freeze_at', '    closes_ta: 2019-10-13T15:00:00+02:00\n    freeze_at');
    yaml = replaceOnce(yaml, 'metric: auc,', 'metric: aucc,');
    const found = messages({ ...validBundleFiles(), 'event.yaml': yaml });
    expect(shown).toHaveLength(3);
    for (const line of shown) {
      // The README abbreviates long lists with "...".
      const start = line.replace(/, \.\.\.\)$/, '');
      expect(found.some((m) => m.startsWith(start)), `${line}\n  not among:\n${found.join('\n')}`).toBe(true);
    }
  });
});
