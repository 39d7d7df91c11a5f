import { describe, expect, it } from 'vitest';
import { deflateSync } from 'fflate';
import { defaultInflater, readZip, type InflateOutcome, type RawInflater } from '../../src/parsing/index.js';
import { garbage, textBytes, zipBytes, type ZipEntrySpec } from '../builders.js';
import { expectSingleProblem } from '../expect-problem.js';

const file = (name: string, text = 'x'): ZipEntrySpec => ({ name, data: textBytes(text) });
const read = (bytes: Uint8Array, limits = {}) => readZip(bytes, limits, 'team.zip');

describe('bad zip containers: limits checked before inflating', () => {
  it('empty upload', () => expectSingleProblem(read(new Uint8Array(0)), { code: 'zip.empty', file: 'team.zip' }));
  it('not a zip (binary garbage)', () => expectSingleProblem(read(garbage(5000)), { code: 'zip.not_a_zip', file: 'team.zip' }));
  it('truncated upload (central directory cut off)', () => {
    const zip = zipBytes([file('a.csv', 'id,p\n'.repeat(100)), file('b.csv')]);
    expectSingleProblem(read(zip.subarray(0, zip.length - 40)), { code: 'zip.truncated' });
  });
  it('path traversal with ..', () => {
    const result = read(zipBytes([file('../../etc/cron.d/evil.nii.gz'), file('ok.csv')]));
    expectSingleProblem(result, { code: 'zip.path_traversal', found: '../../etc/cron.d/evil.nii.gz' });
    expect([...result.entries.keys()]).toEqual(['ok.csv']);
  });
  it('absolute path', () => expectSingleProblem(read(zipBytes([file('/etc/passwd')])), { code: 'zip.absolute_path', found: '/etc/passwd' }));
  it('Windows drive path', () => expectSingleProblem(read(zipBytes([file('C:\\masks\\a.nii')])), { code: 'zip.absolute_path', found: 'C:/masks/a.nii' }));
  it('symbolic link entry', () => expectSingleProblem(read(zipBytes([{ ...file('Examen1.nii.gz', '/etc/shadow'), symlink: true }])), { code: 'zip.symlink' }));
  it('encrypted entry', () => expectSingleProblem(read(zipBytes([{ ...file('a.csv'), encrypted: true }])), { code: 'zip.encrypted' }));
  it('unsupported compression (bzip2)', () => expectSingleProblem(read(zipBytes([{ ...file('a.csv'), method: 12 }])), { code: 'zip.unsupported_compression', found: '12' }));
  it('42.zip-style ratio (8 MiB of zeros in ~8 KiB)', () => {
    const result = read(zipBytes([{ name: 'zeros.nii', data: new Uint8Array(8 * 1024 * 1024) }]));
    const problem = expectSingleProblem(result, { code: 'zip.ratio_too_high', expected: '<= 1000:1' });
    expect(Number(problem.found!.split(':')[0])).toBeGreaterThan(1000);
    expect(result.entries.size).toBe(0);
  });
  it('entry declaring more than the per-entry limit is never inflated', () => {
    const result = read(zipBytes([{ ...file('a.nii'), declaredSize: 600 * 1024 * 1024 }]));
    expectSingleProblem(result, { code: 'zip.entry_too_large', found: String(600 * 1024 * 1024) });
  });
  it('total declared size above the limit', () => {
    const big = (n: number): ZipEntrySpec => ({ ...file(`m${n}.nii`), declaredSize: 400 * 1024 * 1024, method: 'store' });
    expectSingleProblem(read(zipBytes([big(1), big(2), big(3)]), { maxRatio: Infinity }), { code: 'zip.too_large', expected: `<= ${1024 * 1024 * 1024}` });
  });
  it('entry lying about its size: inflation stops at the declared size', () => {
    const liar: ZipEntrySpec = { name: 'm.nii', data: new Uint8Array(16 * 1024 * 1024), declaredSize: 1000 };
    const zip = zipBytes([liar]);
    // The inflater is asked for the declared size and gives up there (its own bound is tested in inflate.spec).
    const calls: { maxBytes: number; outcome: InflateOutcome }[] = [];
    const inflate: RawInflater = (compressed, maxBytes) => {
      const outcome = defaultInflater(compressed, maxBytes);
      calls.push({ maxBytes, outcome });
      return outcome;
    };
    const result = readZip(zip, { ratioMinBytes: 1e12 }, 'team.zip', { inflate });
    expectSingleProblem(result, { code: 'zip.size_mismatch', expected: '1000 bytes' });
    expect(calls.map((c) => [c.maxBytes, c.outcome.ok ? 'inflated' : c.outcome.reason])).toEqual([[1000, 'too_large']]);
  });
  it('stream shorter than declared', () =>
    expectSingleProblem(read(zipBytes([{ ...file('a.csv', 'abc'), declaredSize: 10 }])), { code: 'zip.size_mismatch', expected: '10 bytes', found: '3 bytes' }));
  it('65,000 entries (limit 10,000), refused from the directory count alone', () => {
    const many = Array.from({ length: 65_000 }, (_, i): ZipEntrySpec => ({ name: `${i}`, data: new Uint8Array(0), method: 'store' }));
    expectSingleProblem(read(zipBytes(many)), { code: 'zip.too_many_entries', found: '65000' });
  });
  it('ZIP64 marker', () => expectSingleProblem(read(zipBytes([file('a.csv')], { entryCountOverride: 0xffff })), { code: 'zip.unsupported_zip64' }));
  it('zip inside the zip (nested bomb)', () => {
    const inner = zipBytes([file('a.nii')]);
    expectSingleProblem(read(zipBytes([{ name: 'inner.zip', data: inner }])), { code: 'zip.nested_archive', found: 'inner.zip' });
    expectSingleProblem(read(zipBytes([{ name: 'masks.bin', data: inner }])), { code: 'zip.nested_archive', found: 'masks.bin' });
  });
  describe('allowNestedArchives (event bundles carry keys/<task>-masks.zip)', () => {
    const nested = (bytes: Uint8Array, limits = {}) => readZip(bytes, limits, 'bundle.zip', { allowNestedArchives: true });
    it('keeps a .zip entry that is a zip, as bytes readZip reads again', () => {
      const inner = zipBytes([file('Examen1.nii.gz', 'mask'), file('Examen2.nii.gz', 'mask')]);
      const result = nested(zipBytes([file('event.yaml'), { name: 'keys/masks.zip', data: inner }]));
      expect(result.problems).toEqual([]);
      expect(result.entries.get('keys/masks.zip')).toEqual(inner);
      expect([...readZip(result.entries.get('keys/masks.zip')!).entries.keys()]).toEqual(['Examen1.nii.gz', 'Examen2.nii.gz']);
    });
    it('a zip under another name is still refused', () => {
      const inner = zipBytes([file('a.nii')]);
      expectSingleProblem(nested(zipBytes([{ name: 'keys/lung.csv', data: inner }])), { code: 'zip.nested_archive', found: 'keys/lung.csv' });
    });
    it('the same limits apply to the inner directory, named by its path', () => {
      const traversal = zipBytes([{ name: 'keys/masks.zip', data: zipBytes([file('../evil.nii.gz')]) }]);
      expectSingleProblem(nested(traversal), { code: 'zip.path_traversal', file: 'bundle.zip/keys/masks.zip/../evil.nii.gz' });
      const deeper = zipBytes([{ name: 'keys/masks.zip', data: zipBytes([{ name: 'more.zip', data: zipBytes([file('a')]) }]) }]);
      expectSingleProblem(nested(deeper), { code: 'zip.nested_archive', file: 'bundle.zip/keys/masks.zip/more.zip' });
      const many = zipBytes([{ name: 'keys/masks.zip', data: zipBytes([file('a'), file('b'), file('c')]) }]);
      expectSingleProblem(nested(many, { maxEntries: 2 }), { code: 'zip.too_many_entries', file: 'bundle.zip/keys/masks.zip' });
      const bomb = zipBytes([{ name: 'keys/masks.zip', data: zipBytes([{ name: 'zeros.nii', data: new Uint8Array(8 * 1024 * 1024) }]) }]);
      expectSingleProblem(nested(bomb), { code: 'zip.ratio_too_high', file: 'bundle.zip/keys/masks.zip/zeros.nii' });
      expectSingleProblem(nested(zipBytes([{ name: 'keys/masks.zip', data: textBytes('not a zip') }])), { code: 'zip.not_a_zip', file: 'bundle.zip/keys/masks.zip' });
    });
    it('what the inner zip holds uncompressed counts toward the outer total (at least its own size)', () => {
      const big = new Uint8Array(200_000).map((_, i) => (i * 7919) & 0xff);
      const inner = zipBytes([{ name: 'a.nii', data: big }]); // deflated: holds more than its size
      const outer = zipBytes([file('event.yaml', 'x'), { name: 'keys/masks.zip', data: inner, method: 'store' }]);
      expect(nested(outer, { maxTotalBytes: 1 + 200_000 }).problems).toEqual([]);
      expectSingleProblem(nested(outer, { maxTotalBytes: 200_000 }), { code: 'zip.too_large', file: 'bundle.zip', found: String(1 + 200_000) });
    });
  });
  it('corrupt deflate data', () => {
    const text = textBytes('hello world '.repeat(100));
    const body = deflateSync(text).slice();
    body.fill(0xff, 2, 20);
    const result = read(zipBytes([{ name: 'a.csv', data: text, deflatedBody: body }, file('b.csv')]));
    expectSingleProblem(result, { code: 'zip.corrupt', file: 'team.zip/a.csv' });
    expect([...result.entries.keys()]).toEqual(['b.csv']);
  });
  it('same file twice', () => expectSingleProblem(read(zipBytes([file('a.csv'), file('a.csv')])), { code: 'zip.duplicate_entry', found: 'a.csv' }));
});
