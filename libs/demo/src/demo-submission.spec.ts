import { auc, createZlibInflater, decodeNifti, meanDice, mse, readZip, type MaskImage } from '@podium/scoring';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildDemoSubmission, demoQuality, type DemoSubmissionOptions } from './demo-submission.js';
import { demoTeamSkill } from './demo-teams.js';
import { demoTruth, renderDemoMask } from './demo-truth.js';

const truth = demoTruth(2019);

/** Reads either CSV dialect the demo writes into id -> value. */
function readCsv(bytes: Uint8Array): { header: string[]; values: Map<string, number> } {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const separator = text.split(/\r?\n/)[0].includes(';') ? ';' : ',';
  const [head, ...lines] = text.trimEnd().split(/\r?\n/).map((line) => line.split(separator));
  return { header: head, values: new Map(lines.map(([id, value]) => [id, Number(value.replace(',', '.'))])) };
}

function predictions(options: DemoSubmissionOptions, ids: string[]): number[] {
  const { values } = readCsv(buildDemoSubmission({ truth, ...options }).bytes);
  return ids.map((id) => values.get(id) ?? Number.NaN);
}

// Native inflate: decoding 1000 masks with the pure-JS default would dominate the test time.
const inflate = createZlibInflater(zlib);
const weak = { skill: 0.1, attempt: 0 };
const strong = { skill: 0.95, attempt: 5 };

describe('buildDemoSubmission: tables', () => {
  it('is deterministic, and a new attempt is a new file', () => {
    const options: DemoSubmissionOptions = { task: 'lung', team: 4, skill: 0.5, attempt: 2 };
    const first = buildDemoSubmission(options);
    expect(first.fileName).toBe('institut-helios-lung-v3.csv');
    expect(Buffer.from(buildDemoSubmission(options).bytes).equals(first.bytes)).toBe(true);
    expect(Buffer.from(buildDemoSubmission({ ...options, truth }).bytes).equals(first.bytes)).toBe(true);
    expect(Buffer.from(buildDemoSubmission({ ...options, attempt: 3 }).bytes).equals(first.bytes)).toBe(false);
  });

  it('writes one probability in [0, 1] per lung exam under the examen_id column', () => {
    const { header, values } = readCsv(buildDemoSubmission({ task: 'lung', team: 0, ...weak }).bytes);
    expect(header).toEqual(['examen_id', 'probability']);
    expect([...values.keys()]).toEqual(truth.lung.ids);
    for (const p of values.values()) expect(p >= 0 && p <= 1).toBe(true);
  });

  it('gives lung AUCs from ~0.6 (weak) to ~0.95 (strong), strong teams ahead', () => {
    for (const team of [0, 7, 13]) {
      const weakAuc = auc(truth.lung.status, predictions({ task: 'lung', team, ...weak }, truth.lung.ids));
      const strongAuc = auc(truth.lung.status, predictions({ task: 'lung', team, ...strong }, truth.lung.ids));
      expect(weakAuc).toBeGreaterThan(0.55);
      expect(weakAuc).toBeLessThan(0.8);
      expect(strongAuc).toBeGreaterThan(0.88);
      expect(strongAuc).toBeLessThan(0.99);
      expect(strongAuc - weakAuc).toBeGreaterThan(0.15);
    }
  });

  it('improves a team over its attempts', () => {
    const at = (attempt: number) =>
      auc(truth.lung.status, predictions({ task: 'lung', team: 2, skill: 0.7, attempt }, truth.lung.ids));
    expect(at(6)).toBeGreaterThan(at(0));
    expect(demoQuality(0.7, 6)).toBeGreaterThan(demoQuality(0.7, 0));
    expect(demoQuality(1, 50)).toBeLessThanOrEqual(1);
  });

  it('predicts EDSS within 0..10, strong teams with a lower MSE', () => {
    const { header } = readCsv(buildDemoSubmission({ task: 'ms', team: 0, ...weak }).bytes);
    expect(header).toEqual(['sequence_id', 'edss']);
    const weakPred = predictions({ task: 'ms', team: 3, ...weak }, truth.ms.ids);
    const strongPred = predictions({ task: 'ms', team: 3, ...strong }, truth.ms.ids);
    for (const v of [...weakPred, ...strongPred]) expect(v >= 0 && v <= 10).toBe(true);
    expect(mse(truth.ms.edss, strongPred)).toBeLessThan(0.6);
    expect(mse(truth.ms.edss, weakPred)).toBeGreaterThan(2 * mse(truth.ms.edss, strongPred));
  });

  it('writes French-Excel CSV for some teams (BOM, semicolons, decimal commas), plain on request', () => {
    const bytes = buildDemoSubmission({ task: 'lung', team: 1, ...weak }).bytes;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const excel = new TextDecoder().decode(bytes);
    expect(excel.startsWith('examen_id;probability\r\n')).toBe(true);
    expect(excel).toMatch(/\r\nPoumon1;0,\d+\r\n/);
    const plain = new TextDecoder().decode(buildDemoSubmission({ task: 'lung', team: 1, ...weak, csvStyle: 'plain' }).bytes);
    expect(plain.startsWith('examen_id,probability\n')).toBe(true);
  });

  it('refuses bad options with a message naming the option', () => {
    const ok: DemoSubmissionOptions = { task: 'lung', team: 0, skill: 0.5, attempt: 0 };
    expect(() => buildDemoSubmission({ ...ok, task: 'liver' as never })).toThrow(/task must be one of lung, ms, sarcopenia/);
    expect(() => buildDemoSubmission({ ...ok, team: 20 })).toThrow(/team index must be an integer in 0..19/);
    expect(() => buildDemoSubmission({ ...ok, skill: 1.5 })).toThrow(/skill must be a number in \[0, 1\]/);
    expect(() => buildDemoSubmission({ ...ok, attempt: -1 })).toThrow(/attempt must be an integer >= 0/);
  });
});

describe('buildDemoSubmission: sarcopenia', { timeout: 60_000 }, () => {
  const referenceMasks = truth.sarcopenia.ids.map((_, i) => renderDemoMask(truth, i));
  const trueAreas = referenceMasks.map((m) => m.data.reduce((a, b) => a + b, 0) * m.spacing[0] * m.spacing[1]);

  function score(options: Omit<DemoSubmissionOptions, 'task'>) {
    const submission = buildDemoSubmission({ task: 'sarcopenia', truth, ...options });
    const zip = readZip(submission.bytes, {}, submission.fileName, { inflate });
    expect(zip.problems).toEqual([]);
    const masks = truth.sarcopenia.ids.map((id) => {
      const decoded = decodeNifti(zip.entries.get(`${id}.nii.gz`) ?? new Uint8Array(), `${id}.nii.gz`, { inflate });
      expect(decoded.problems).toEqual([]);
      return decoded.image as MaskImage;
    });
    const areas = readCsv(zip.entries.get('areas.csv') ?? new Uint8Array());
    return { submission, zip, masks, areas };
  }

  it('zips one folder holding 500 same-size masks and the area table, and beats a weak team when strong', () => {
    const weakRun = score({ team: 6, ...weak });
    const strongRun = score({ team: 6, ...strong });
    expect(weakRun.submission.fileName).toBe('hopital-saint-aubin-sarcopenia-v1.zip');
    expect(weakRun.zip.entries.size).toBe(501);
    expect(weakRun.areas.header).toEqual(['examen', 'area']);
    expect([...weakRun.areas.values.keys()]).toEqual(truth.sarcopenia.ids);
    weakRun.masks.forEach((mask, i) => {
      expect(mask.dims).toEqual([512, 512, 1]);
      expect(mask.spacing).toEqual(referenceMasks[i].spacing);
    });

    const weakDice = meanDice(referenceMasks, weakRun.masks);
    const strongDice = meanDice(referenceMasks, strongRun.masks);
    expect(weakDice).toBeGreaterThan(0.8);
    expect(strongDice).toBeGreaterThan(0.95);
    expect(strongDice).toBeGreaterThan(weakDice + 0.03);

    const areaMse = (run: ReturnType<typeof score>) =>
      mse(trueAreas, truth.sarcopenia.ids.map((id) => run.areas.values.get(id) ?? Number.NaN));
    expect(areaMse(strongRun)).toBeLessThan(areaMse(weakRun));
  });
});

describe('demoTeamSkill', () => {
  it('spreads the 20 teams over [0.1, 0.95], the same for the same seed', () => {
    const skills = Array.from({ length: 20 }, (_, team) => demoTeamSkill(2019, team));
    expect(Math.min(...skills)).toBe(0.1);
    expect(Math.max(...skills)).toBe(0.95);
    expect(new Set(skills).size).toBe(20);
    expect(skills).toEqual(Array.from({ length: 20 }, (_, team) => demoTeamSkill(2019, team)));
  });
});
