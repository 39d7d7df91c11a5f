import { describe, expect, it } from 'vitest';
import { decodeNifti, decodePngMask, defaultInflater, parseSubmission, type RawInflater } from '../../src/parsing/index.js';
import { buildMaskKey, discMask, garbage, gzip, niftiBytes, patchNifti, pngBytes, SARCOPENIA_SPEC, sarcopeniaZip, zipBytes } from '../builders.js';
import { expectProblem, expectSingleProblem } from '../expect-problem.js';

const mask = discMask([16, 12, 1], [0.8, 0.8, 1]);
const nii = niftiBytes(mask);
const decode = (bytes: Uint8Array, options = {}) => decodeNifti(bytes, 'Examen1.nii.gz', options);

describe('bad NIfTI files', () => {
  it('truncated gzip', () => {
    const gz = gzip(nii);
    expectSingleProblem(decode(gz.subarray(0, gz.length - 20)), { code: 'gzip.corrupt', file: 'Examen1.nii.gz' });
  });
  it('gzip trailer does not match the stream', () => {
    const gz = gzip(nii).slice();
    gz[gz.length - 4] ^= 0xff;
    expectSingleProblem(decode(gz), { code: 'gzip.corrupt' });
  });
  it('wrong magic: not a NIfTI at all', () => expectSingleProblem(decode(garbage(1000)), { code: 'nifti.bad_magic', expected: 'sizeof_hdr = 348' }));
  it('magic string damaged', () => expectSingleProblem(decode(patchNifti(nii, (v) => v.setUint8(345, 0x78))), { code: 'nifti.bad_magic', expected: 'n+1' }));
  it('NIfTI-2', () => expectSingleProblem(decode(patchNifti(nii, (v) => v.setInt32(0, 540, true))), { code: 'nifti.unsupported_version' }));
  it('header/image pair (ni1)', () => expectSingleProblem(decode(patchNifti(nii, (v) => v.setUint8(345, 0x69))), { code: 'nifti.separate_image_file' }));
  it('header lies about size (dims larger than the data)', () =>
    expectSingleProblem(decode(patchNifti(nii, (v) => v.setInt16(44, 512, true))), { code: 'nifti.truncated', expected: `${352 + 16 * 512} bytes`, found: `${nii.length} bytes` }));
  it('file shorter than a header', () => expectSingleProblem(decode(nii.subarray(0, 100)), { code: 'nifti.truncated', found: '100 bytes' }));
  it('unsupported datatype (RGB24)', () => expectSingleProblem(decode(patchNifti(nii, (v) => v.setInt16(70, 128, true))), { code: 'nifti.unsupported_datatype', found: '128' }));
  it('bitpix disagrees with datatype', () => expectSingleProblem(decode(patchNifti(nii, (v) => v.setInt16(72, 16, true))), { code: 'nifti.bad_bitpix', expected: '8', found: '16' }));
  it('dim[0] = 0', () => expectSingleProblem(decode(patchNifti(nii, (v) => v.setInt16(40, 0, true))), { code: 'nifti.bad_dimensions', found: '0' }));
  it('a time series (4D, t = 2)', () =>
    expectSingleProblem(decode(patchNifti(nii, (v) => (v.setInt16(40, 4, true), v.setInt16(48, 2, true)))), { code: 'nifti.bad_dimensions', found: '16x12x1x2' }));
  it('vox_offset inside the header', () => expectSingleProblem(decode(patchNifti(nii, (v) => v.setFloat32(108, 100, true))), { code: 'nifti.bad_vox_offset', found: '100' }));
  it('non-binary voxel (value 2)', () => {
    const values = Array.from(mask.data, (x, i) => (i === 5 ? 2 : x));
    expectSingleProblem(decode(niftiBytes(mask, { values })), { code: 'mask.non_binary', found: '2' });
  });
  it('NaN voxel in a float mask', () => {
    const values = Array.from(mask.data, (x, i) => (i === 7 ? Number.NaN : x));
    expectSingleProblem(decode(niftiBytes(mask, { datatype: 'float32', values, gzip: true })), { code: 'mask.non_finite', found: 'NaN' });
  });
  it('gzip bomb: decompresses past the limit and is stopped there', () => {
    const bomb = gzip(new Uint8Array(16 * 1024 * 1024));
    // The inflater is asked for at most the limit and gives up there (its own bound is tested in inflate.spec).
    const asked: number[] = [];
    const inflate: RawInflater = (compressed, maxBytes) => (asked.push(maxBytes), defaultInflater(compressed, maxBytes));
    expectSingleProblem(decode(bomb, { maxBytes: 1024 * 1024, inflate }), { code: 'nifti.too_large' });
    expect(asked.length).toBeGreaterThan(0);
    for (const maxBytes of asked) expect(maxBytes).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('bad PNG masks', () => {
  const grey = Array.from(mask.data, (v) => v * 255);
  const png = pngBytes(16, 12, grey);
  it('wrong signature', () => expectSingleProblem(decodePngMask(garbage(200), 'm.png'), { code: 'png.bad_magic', file: 'm.png' }));
  it('truncated PNG', () => expectSingleProblem(decodePngMask(png.subarray(0, png.length - 30), 'm.png'), { code: 'png.corrupt' }));
  it('three grey levels', () =>
    expectSingleProblem(decodePngMask(pngBytes(16, 12, grey.map((v, i) => (i === 3 ? 100 : v))), 'm.png'), { code: 'mask.non_binary', found: '100' }));
  it('declared 100000x100000 pixels', () => {
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 100_000, false);
    new DataView(huge.buffer).setUint32(20, 100_000, false);
    expectSingleProblem(decodePngMask(huge, 'm.png'), { code: 'png.too_large', found: '100000x100000' });
  });
});

describe('bad masks inside a sarcopenia submission', () => {
  const key = buildMaskKey();
  const submit = (bytes: Uint8Array, spec = SARCOPENIA_SPEC) => parseSubmission({ bytes, fileName: 'team.zip' }, spec, key);
  it('wrong dimensions', () =>
    expectSingleProblem(submit(sarcopeniaZip(key, { masks: { Examen2: gzip(niftiBytes(discMask([512, 512, 1], [0.8, 0.8, 1]))) } })), {
      code: 'mask.wrong_dimensions',
      file: 'team.zip/Examen2.nii.gz',
      caseId: 'Examen2',
      expected: '16x12',
      found: '512x512',
    }));
  it('wrong spacing', () =>
    expectSingleProblem(submit(sarcopeniaZip(key, { masks: { Examen3: gzip(niftiBytes(discMask([16, 12, 1], [0.8, 0.81, 1]))) } })), {
      code: 'mask.wrong_spacing',
      caseId: 'Examen3',
    }));
  it('spacing within 1e-3 relative is accepted', () =>
    expect(submit(sarcopeniaZip(key, { masks: { Examen3: gzip(niftiBytes(discMask([16, 12, 1], [0.8004, 0.8, 1]))) } })).problems).toEqual([]));
  it('missing mask', () => expectSingleProblem(submit(sarcopeniaZip(key, { masks: { Examen1: null } })), { code: 'mask.missing', file: 'team.zip', caseId: 'Examen1' }));
  it('missing mask with partial allowed: accepted, scores 0, warned', () => {
    const result = submit(sarcopeniaZip(key, { masks: { Examen1: null } }), { ...SARCOPENIA_SPEC, masks: { format: 'nifti', partial: true } });
    expect(result.problems).toEqual([]);
    expect(result.submission!.masks![0]).toBeNull();
    expect(result.submission!.masks![1]).not.toBeNull();
    expect(result.submission!.warnings).toMatchObject([{ code: 'mask.missing', caseId: 'Examen1' }]);
  });
  it('unreadable mask with partial allowed: null and warned', () => {
    const result = submit(sarcopeniaZip(key, { masks: { Examen2: garbage(500) } }), { ...SARCOPENIA_SPEC, masks: { format: 'nifti', partial: true } });
    expect(result.problems).toEqual([]);
    expect(result.submission!.masks![1]).toBeNull();
    expect(result.submission!.warnings).toMatchObject([{ code: 'nifti.bad_magic', caseId: 'Examen2' }]);
  });
  it('mask for an unknown case', () =>
    expectSingleProblem(submit(sarcopeniaZip(key, { extra: [{ name: 'Examen9.nii.gz', data: gzip(nii) }] })), { code: 'mask.unknown_case', file: 'team.zip/Examen9.nii.gz' }));
  it('two masks for one case (.nii and .nii.gz)', () =>
    expectSingleProblem(submit(sarcopeniaZip(key, { extra: [{ name: 'examen1.nii', data: nii }] })), { code: 'mask.duplicate_case', caseId: 'Examen1' }));
  it('PNG mask in a NIfTI task', () => {
    const result = submit(sarcopeniaZip(key, { masks: { Examen1: null }, extra: [{ name: 'Examen1.png', data: pngBytes(16, 12, Array.from(mask.data, (v) => v * 255)) }] }));
    expectSingleProblem(result, { code: 'mask.wrong_format', caseId: 'Examen1', expected: 'nifti', found: 'png' });
  });
  it('non-binary mask rejected by default', () =>
    expectSingleProblem(submit(sarcopeniaZip(key, { masks: { Examen1: gzip(niftiBytes(mask, { values: Array.from(mask.data, (v) => v * 255) })) } })), {
      code: 'mask.non_binary',
      caseId: 'Examen1',
      found: '255',
    }));
  it('a CSV instead of a zip', () =>
    expectSingleProblem(parseSubmission({ bytes: garbage(100), fileName: 'areas.csv' }, SARCOPENIA_SPEC, key), { code: 'submission.expected_zip', file: 'areas.csv' }));
  it('area table missing from the zip', () => expectSingleProblem(submit(sarcopeniaZip(key, { csv: null })), { code: 'submission.missing_table' }));
  it('several defects: all reported at once', () => {
    const result = submit(sarcopeniaZip(key, { masks: { Examen1: null, Examen2: garbage(400) }, extra: [{ name: 'Examen7.nii.gz', data: gzip(nii) }] }));
    expect(result.problems.map((p) => p.code).sort()).toEqual(['mask.missing', 'mask.unknown_case', 'nifti.bad_magic']);
    expectProblem(result, { code: 'nifti.bad_magic', caseId: 'Examen2' });
  });
  it('a zip of only garbage entries names each', () => {
    const result = submit(zipBytes([{ name: 'Examen1.nii.gz', data: garbage(50) }, { name: 'Examen2.nii', data: garbage(500) }]));
    expectProblem(result, { code: 'nifti.truncated', file: 'team.zip/Examen1.nii.gz', caseId: 'Examen1' });
    expectProblem(result, { code: 'nifti.bad_magic', file: 'team.zip/Examen2.nii', caseId: 'Examen2' });
    expectProblem(result, { code: 'mask.missing', caseId: 'Examen3' });
  });
});
