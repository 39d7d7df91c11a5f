// Every unambiguous way real teams write a submission must be accepted, and read the same.
import { describe, expect, it } from 'vitest';
import { decodeNifti, decodePngMask, normalizeCaseId, parseAnswerKey, parseSubmission, readZip } from '../src/parsing/index.js';
import {
  buildKey,
  buildMaskKey,
  csvBytes,
  discMask,
  gzip,
  LUNG_IDS,
  LUNG_SPEC,
  lungRows,
  niftiBytes,
  pngBytes,
  SARCOPENIA_SPEC,
  sarcopeniaZip,
  textBytes,
  zipBytes,
} from './builders.js';

const key = buildKey();
const EXPECTED = [0.1, 0.9, 0.2, 0.8];
const probabilities = (bytes: Uint8Array, fileName = 'lung.csv') => {
  const result = parseSubmission({ bytes, fileName }, LUNG_SPEC, key);
  expect(result.problems).toEqual([]);
  return Array.from(result.submission!.values['probability']!);
};

describe('normalizeCaseId', () => {
  it.each([
    ['Examen1', 'examen1'],
    ['examen1.dcm', 'examen1'],
    [' EXAMEN1.NII.GZ ', 'examen1'],
    ['examen1.nii', 'examen1'],
    ['examen1.png', 'examen1'],
    ['exam.1', 'exam.1'],
    ['a.nii.gz.dcm', 'a.nii.gz'],
    ['.dcm', '.dcm'],
  ])('%j -> %j', (id, normal) => expect(normalizeCaseId(id)).toBe(normal));
});

describe('accepted CSV variations', () => {
  it('plain comma CSV', () => expect(probabilities(csvBytes(lungRows()))).toEqual(EXPECTED));
  it('Excel FR: BOM + ";" + decimal comma + CRLF', () =>
    expect(probabilities(csvBytes(lungRows(['0,1', '0,9', '0,2', '0,8'] as never), { separator: ';', bom: true, crlf: true }))).toEqual(EXPECTED));
  it('tab separated', () => expect(probabilities(csvBytes(lungRows(), { separator: '\t' }))).toEqual(EXPECTED));
  it('every field quoted, decimal comma inside quotes with ","', () =>
    expect(probabilities(csvBytes(lungRows(['0,1', '0,9', '0,2', '0,8'] as never), { quoteAll: true }))).toEqual(EXPECTED));
  it('quoted ids holding the separator', () => {
    const ids = ['Exam,1', 'Exam;2', 'Exam "3"', 'Exam4'];
    const k = buildKey({ ids });
    const result = parseSubmission({ bytes: csvBytes(lungRows(EXPECTED, ids), { quoteAll: true }), fileName: 'q.csv' }, LUNG_SPEC, k);
    expect(result.problems).toEqual([]);
    expect(Array.from(result.submission!.values['probability']!)).toEqual(EXPECTED);
  });
  it('header names in another case and with spaces', () =>
    expect(probabilities(csvBytes([[' ID ', 'Probability '], ...LUNG_IDS.map((id, i) => [id, EXPECTED[i]!])]))).toEqual(EXPECTED));
  it('ids in another case, with extensions and spaces', () =>
    expect(probabilities(csvBytes([['id', 'probability'], ['POUMON1.dcm', 0.1], [' poumon2 ', 0.9], ['Poumon3.nii.gz', 0.2], ['poumon4.NII', 0.8]]))).toEqual(EXPECTED));
  it('rows in any order are aligned to the key', () =>
    expect(probabilities(csvBytes([['id', 'probability'], ['Poumon4', 0.8], ['Poumon2', 0.9], ['Poumon1', 0.1], ['Poumon3', 0.2]]))).toEqual(EXPECTED));
  it('blank lines, Excel ";;" padding rows, no final newline', () =>
    expect(probabilities(textBytes('id;probability\r\nPoumon1;0,1\r\n\r\nPoumon2;0,9\r\n;\r\nPoumon3;0,2\r\nPoumon4;0,8'))).toEqual(EXPECTED));
  it('exponents, signs and spaces around numbers', () =>
    expect(probabilities(csvBytes([['id', 'probability'], ['Poumon1', '1e-1'], ['Poumon2', ' 0.9 '], ['Poumon3', '+0.2'], ['Poumon4', '.8']]))).toEqual(EXPECTED));
  it('numbers parse bit-identically to Number()', () => {
    const values = ['0.1234567890123', '0.30000000000000004', '123456789012345678', '1.7976931348623157e308', '5e-324', '0.000001', '-0'];
    const k = buildKey({ ids: values.map((_, i) => `c${i}`) });
    const spec = { table: { id: 'id', columns: { p: { type: 'number' as const } } } };
    const result = parseSubmission({ bytes: csvBytes([['id', 'p'], ...values.map((v, i) => [`c${i}`, v])]), fileName: 'n.csv' }, spec, k);
    expect(result.problems).toEqual([]);
    expect(Array.from(result.submission!.values['p']!)).toEqual(values.map(Number));
  });
  it('Latin-1 file from an old Excel', () => {
    const ids = ['Épaule1', 'Poumon2', 'Poumon3', 'Poumon4'];
    const text = ['id;probability', ...ids.map((id, i) => `${id};${String(EXPECTED[i]).replace('.', ',')}`)].join('\n');
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const result = parseSubmission({ bytes: latin1, fileName: 'l.csv' }, LUNG_SPEC, buildKey({ ids }));
    expect(result.problems).toEqual([]);
    expect(Array.from(result.submission!.values['probability']!)).toEqual(EXPECTED);
  });
  it('optional column: empty cells stay NaN', () => {
    const spec = { table: { id: 'id', columns: { probability: { type: 'number' as const, optional: true } } } };
    const result = parseSubmission({ bytes: textBytes('id,probability\nPoumon1,\nPoumon2,0.9\nPoumon3,0.2\nPoumon4,0.8\n'), fileName: 'o.csv' }, spec, key);
    expect(result.problems).toEqual([]);
    expect(Array.from(result.submission!.values['probability']!)).toEqual([Number.NaN, 0.9, 0.2, 0.8]);
  });
  it('a table-only task also takes a zip with one CSV', () => expect(probabilities(zipBytes([{ name: 'out/lung.csv', data: csvBytes(lungRows()) }]), 'lung.zip')).toEqual(EXPECTED));
});

describe('accepted mask variations', () => {
  const mkey = buildMaskKey();
  const masksOf = (bytes: Uint8Array, spec = SARCOPENIA_SPEC) => {
    const result = parseSubmission({ bytes, fileName: 'team.zip' }, spec, mkey);
    expect(result.problems).toEqual([]);
    return result.submission!;
  };
  it('.nii.gz masks + area table, aligned to the key', () => {
    const sub = masksOf(sarcopeniaZip(mkey));
    expect(sub.masks!.map((m) => Array.from(m!.data))).toEqual(mkey.masks!.map((m) => Array.from(m.data)));
    expect(Array.from(sub.values['area']!)).toEqual([100, 101, 102]);
    expect(sub.warnings).toBeUndefined();
  });
  it('.nii (uncompressed), int16 and float32 datatypes, scaled values', () => {
    const m = mkey.masks![0]!;
    const sub = masksOf(
      sarcopeniaZip(mkey, {
        masks: {
          Examen1: niftiBytes(m),
          Examen2: gzip(niftiBytes(m, { datatype: 'int16' })),
          Examen3: niftiBytes(m, { datatype: 'float32', values: Array.from(m.data, (v) => v * 4), sclSlope: 0.25 }),
        },
      }),
    );
    expect(sub.masks!.every((x) => x !== null && x.data.reduce((a, b) => a + b, 0) === m.data.reduce((a, b) => a + b, 0))).toBe(true);
  });
  it('a .nii.gz that is really uncompressed is read by its content', () => expect(decodeNifti(niftiBytes(discMask()), 'x.nii.gz').problems).toEqual([]));
  it('one top-level folder, macOS junk, mixed-case names', () => {
    const m = gzip(niftiBytes(mkey.masks![0]!));
    const zip = zipBytes([
      { name: 'preds/EXAMEN1.nii.gz', data: m },
      { name: 'preds/examen2.NII.GZ', data: m },
      { name: 'preds/masks/Examen3.nii.gz', data: m },
      { name: 'preds/areas.csv', data: csvBytes([['id', 'area'], ['Examen1', 1], ['Examen2', 2], ['Examen3', 3]]) },
      { name: '__MACOSX/preds/._EXAMEN1.nii.gz', data: textBytes('junk') },
      { name: 'preds/.DS_Store', data: textBytes('junk') },
    ]);
    expect(masksOf(zip).masks!.every((x) => x !== null)).toBe(true);
    expect([...readZip(zip, {}, 'z').entries.keys()].sort()).toEqual(['EXAMEN1.nii.gz', 'areas.csv', 'examen2.NII.GZ', 'masks/Examen3.nii.gz']);
  });
  it('non-binary masks thresholded when the task says so', () => {
    const m = mkey.masks![0]!;
    const probs = Array.from(m.data, (v) => (v ? 0.7 : 0.2));
    const spec = { ...SARCOPENIA_SPEC, masks: { format: 'nifti' as const, nonBinary: 'threshold' as const, threshold: 0.5 } };
    const sub = masksOf(sarcopeniaZip(mkey, { masks: { Examen1: niftiBytes(m, { datatype: 'float32', values: probs }) } }), spec);
    expect(Array.from(sub.masks![0]!.data)).toEqual(Array.from(m.data));
  });
  it('PNG masks: grey 0/255, RGB and grey+alpha', () => {
    const m = discMask([16, 12, 1]);
    const grey = Array.from(m.data, (v) => v * 255);
    for (const colorType of [0, 2, 4, 6] as const) {
      const decoded = decodePngMask(pngBytes(16, 12, grey, colorType), 'm.png');
      expect(decoded.problems).toEqual([]);
      expect(decoded.image!.dims).toEqual([16, 12, 1]);
      expect(Array.from(decoded.image!.data)).toEqual(Array.from(m.data));
    }
  });
  it('PNG task end to end', () => {
    const pkey = buildMaskKey(['Examen1', 'Examen2'], [16, 12, 1], [1, 1, 1]);
    const png = pngBytes(16, 12, Array.from(pkey.masks![0]!.data, (v) => v * 255));
    const zip = zipBytes([
      { name: 'Examen1.png', data: png },
      { name: 'Examen2.png', data: png },
    ]);
    const result = parseSubmission({ bytes: zip, fileName: 'p.zip' }, { masks: { format: 'png' } }, pkey);
    expect(result.problems).toEqual([]);
    expect(result.submission!.masks).toHaveLength(2);
  });
});

describe('accepted answer keys', () => {
  it('reads ids, splits, truths and masks in file order', () => {
    const masks = ['Examen1', 'Examen2'].map((id, i) => ({ name: `${id}.nii.gz`, data: gzip(niftiBytes(discMask([16, 12, 1], [0.7, 0.7, 1], i))) }));
    const result = parseAnswerKey({
      csv: csvBytes([['ID', 'Split', 'area', 'note_free'], ['Examen1', 'Public', '120,5', ''], ['Examen2', 'private', 99, 3]], { separator: ';', bom: true }),
      csvName: 'keys/sarco.csv',
      masksZip: zipBytes(masks),
      masksName: 'keys/sarco-masks.zip',
    });
    expect(result.problems).toEqual([]);
    expect(result.key!.ids).toEqual(['Examen1', 'Examen2']);
    expect(result.key!.normalizedIds).toEqual(['examen1', 'examen2']);
    expect(result.key!.split).toEqual(['public', 'private']);
    expect(Array.from(result.key!.truth['area']!)).toEqual([120.5, 99]);
    expect(Array.from(result.key!.truth['note_free']!)).toEqual([Number.NaN, 3]);
    expect(result.key!.masks!.map((m) => m.dims)).toEqual([
      [16, 12, 1],
      [16, 12, 1],
    ]);
  });
  it('truthColumns picks columns by manifest spelling, others ignored', () => {
    const result = parseAnswerKey({ csv: csvBytes([['id', 'split', 'EDSS ', 'comment'], ['a', 'public', 3.5, 'x']]), csvName: 'k.csv' }, { truthColumns: ['edss'] });
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.key!.truth)).toEqual(['edss']);
  });
});
