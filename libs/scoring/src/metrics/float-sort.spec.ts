import { describe, expect, it } from 'vitest';
import { createRng } from '../random/index.js';
import { sortFloat64 } from './float-sort.js';

const sameAsNative = (values: Float64Array) => expect(Array.from(sortFloat64(values.slice()))).toEqual(Array.from(values.slice().sort()));

describe('sortFloat64 (radix) sorts exactly as Float64Array.prototype.sort', () => {
  const random = createRng(3, 'float sort').next;
  it('probabilities with many ties (6 decimals, as CSVs hold them)', () => sameAsNative(Float64Array.from({ length: 50_000 }, () => Number(random().toFixed(3)))));
  it('negative, positive, tiny, huge and zero values', () => {
    const specials = [0, -1e-310, 1e-310, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 1, -1, 0.5, -0.5];
    sameAsNative(Float64Array.from({ length: 10_000 }, (_, i) => (i < specials.length ? specials[i]! : (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20))));
  });
  it('all equal (every digit pass skipped) and a subarray view', () => {
    sameAsNative(new Float64Array(5000).fill(0.25));
    const buffer = Float64Array.from({ length: 9000 }, () => random() - 0.3);
    const view = buffer.subarray(1000, 8000);
    const expected = Array.from(view.slice().sort());
    sortFloat64(view);
    expect(Array.from(view)).toEqual(expected);
    expect(buffer[0]).not.toBeNaN();
  });
  it('small arrays use the native sort', () => sameAsNative(Float64Array.of(3, -2, 1, 0)));
});
