import { createZlibInflater, decodeNifti, readZip, type MaskImage } from '@podium/scoring';
import * as zlib from 'node:zlib';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoBundle } from './demo-bundle.js';
import { DEMO_ANSWER_KEY_FILES } from './demo-manifest.js';
import { countMaskPixels } from './muscle-mask.js';

const NOW = new Date('2026-11-27T09:00:00Z');
// Native inflate: decoding 500 masks with the pure-JS default would dominate the test time.
const inflate = createZlibInflater(zlib);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const csvRows = (bytes: Uint8Array) => text(bytes).trimEnd().split('\n').map((line) => line.split(','));

describe('buildDemoBundle', { timeout: 60_000 }, () => {
  let bundle: Uint8Array;
  let files: Record<string, Uint8Array>;

  beforeAll(() => {
    bundle = buildDemoBundle({ seed: 2019, now: NOW });
    files = unzipSync(bundle);
  });

  it('gives identical bytes for the same seed and now', () => {
    expect(Buffer.from(buildDemoBundle({ seed: 2019, now: NOW })).equals(bundle)).toBe(true);
  });

  it('changes only event.yaml when now changes', () => {
    const later = unzipSync(buildDemoBundle({ seed: 2019, now: new Date(NOW.getTime() + 3_600_000) }));
    for (const path of Object.keys(files)) {
      expect(Buffer.from(later[path]).equals(files[path]), path).toBe(path !== 'event.yaml');
    }
  });

  it('holds event.yaml and every answer-key file it references', () => {
    expect(Object.keys(files).sort()).toEqual(
      ['event.yaml', 'keys/lung.csv', 'keys/ms.csv', 'keys/sarcopenia-masks.zip', 'keys/sarcopenia.csv'].sort(),
    );
    const manifest = parse(text(files['event.yaml']));
    for (const task of manifest.tasks) {
      expect(files[task.answer_key], task.answer_key).toBeDefined();
      if (task.answer_masks) expect(files[task.answer_masks]).toBeDefined();
    }
  });

  it('writes an event.yaml that parses with the contract field names', () => {
    const manifest = parse(text(files['event.yaml']));
    expect(Object.keys(manifest).sort()).toEqual(['jury', 'slug', 'tasks', 'teams', 'timezone', 'title']);
    expect(manifest.slug).toBe('jfr-demo');
    expect(manifest.timezone).toBe('Europe/Paris');
    expect(manifest.title.fr).toMatch(/JFR 2019/);
    expect(manifest.teams).toHaveLength(20);
    expect(manifest.jury[0]).toEqual({ login: 'chair', name: 'Jury chair', role: 'organiser' });
    expect(manifest.tasks.map((t: { slug: string }) => t.slug)).toEqual(['lung', 'ms', 'sarcopenia']);
    const [lung, , sarcopenia] = manifest.tasks;
    expect(lung).toMatchObject({
      opens_at: '2026-11-27T09:30:00+01:00',
      closes_at: '2026-11-27T11:30:00+01:00',
      freeze_at: '2026-11-27T11:10:00+01:00',
      quota: { submissions: 10, per_minutes: 60 },
      leaderboard: 'best',
      answer_key: 'keys/lung.csv',
      submission: { table: { id: 'examen_id', columns: { probability: { type: 'number', min: 0, max: 1 } } } },
    });
    expect(sarcopenia).toMatchObject({
      opens_at: '2026-11-27T10:00:00+01:00',
      answer_masks: 'keys/sarcopenia-masks.zip',
      scores: [
        { name: 'dice', metric: 'dice' },
        { name: 'area_mse', metric: 'mse', truth: 'area_mm2', prediction: 'area' },
      ],
      ranking: { method: 'rank_sum', tie_break: 'dice' },
    });
  });

  it('writes table keys as id, split, truth with the 2019 sizes', () => {
    const lung = csvRows(files['keys/lung.csv']);
    expect(lung[0]).toEqual(['id', 'split', 'status']);
    expect(lung).toHaveLength(345);
    expect(lung[1][0]).toBe('Poumon1');
    expect(new Set(lung.slice(1).map((r) => r[2]))).toEqual(new Set(['0', '1']));
    const ms = csvRows(files['keys/ms.csv']);
    expect(ms[0]).toEqual(['id', 'split', 'edss']);
    expect(ms).toHaveLength(484);
    for (const rows of [lung, ms]) {
      const splits = rows.slice(1).map((r) => r[1]);
      expect(new Set(splits)).toEqual(new Set(['public', 'private']));
      expect(Math.abs(splits.filter((s) => s === 'public').length * 2 - splits.length)).toBeLessThanOrEqual(1);
    }
  });

  it('ships 500 readable 512x512 masks whose pixel count x pixel area is the key area_mm2', () => {
    const key = csvRows(files['keys/sarcopenia.csv']);
    expect(key[0]).toEqual(['id', 'split', 'area_mm2']);
    expect(key).toHaveLength(501);
    const masks = readZip(files[DEMO_ANSWER_KEY_FILES.sarcopeniaMasks], {}, 'sarcopenia-masks.zip', { inflate });
    expect(masks.problems).toEqual([]);
    expect(masks.entries.size).toBe(500);
    for (const [id, split, area] of key.slice(1)) {
      expect(['public', 'private']).toContain(split);
      const file = masks.entries.get(`${id}.nii.gz`);
      expect(file, id).toBeDefined();
      const decoded = decodeNifti(file as Uint8Array, `${id}.nii.gz`, { inflate });
      expect(decoded.problems).toEqual([]);
      const image = decoded.image as MaskImage;
      expect(image.dims).toEqual([512, 512, 1]);
      expect(image.spacing[0]).toBeGreaterThanOrEqual(0.7);
      expect(image.spacing[0]).toBeLessThanOrEqual(0.9);
      expect(Number(area)).toBe(countMaskPixels(image.data) * image.spacing[0] * image.spacing[1]);
    }
  });

  it('refuses an invalid now with a message naming it', () => {
    expect(() => buildDemoBundle({ now: new Date('not a date') })).toThrow(/"now" must be a valid Date/);
  });
});
