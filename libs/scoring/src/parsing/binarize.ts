/** How a mask with values other than 0 and 1 is handled (from `SubmissionSpec.masks`). */
export interface BinarizeRule {
  nonBinary?: 'reject' | 'threshold';
  /** Voxels with value >= threshold become 1 (default 0.5). */
  threshold?: number;
}

export type BinarizeOutcome =
  | { ok: true; data: Uint8Array }
  | { ok: false; reason: 'non_binary' | 'non_finite'; index: number; value: number; count: number };

/**
 * Bytes already holding 0/1 are returned as is (no copy): the common case is checked four bytes
 * at a time, which keeps decoding at inflate speed.
 */
export function binarizeBytes(bytes: Uint8Array, rule: BinarizeRule = {}): BinarizeOutcome {
  const head = Math.min(bytes.length, (4 - (bytes.byteOffset & 3)) & 3);
  let clean = true;
  for (let i = 0; i < head; i++) if (bytes[i]! > 1) clean = false;
  const words = (bytes.length - head) >>> 2;
  if (clean) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
    let acc = 0;
    for (let i = 0; i < words; i++) acc |= view[i]!;
    if (acc & 0xfefefefe) clean = false;
  }
  for (let i = head + words * 4; clean && i < bytes.length; i++) if (bytes[i]! > 1) clean = false;
  if (clean) return { ok: true, data: bytes };
  return binarizeValues(bytes, 1, 0, rule);
}

/** General path: `value = raw * slope + inter`, then the non-binary rule. */
export function binarizeValues(
  raw: ArrayLike<number>,
  slope: number,
  inter: number,
  rule: BinarizeRule = {},
): BinarizeOutcome {
  const threshold = rule.threshold ?? 0.5;
  const reject = (rule.nonBinary ?? 'reject') === 'reject';
  const out = new Uint8Array(raw.length);
  let firstBad = -1;
  let badValue = 0;
  let badCount = 0;
  let nonFinite = false;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]! * slope + inter;
    if (v === 0) continue;
    if (v === 1) {
      out[i] = 1;
      continue;
    }
    const finite = Number.isFinite(v);
    if (!finite || reject) {
      if (firstBad < 0 || (!finite && !nonFinite)) {
        firstBad = i;
        badValue = v;
      }
      if (!finite) nonFinite = true;
      badCount++;
      continue;
    }
    if (v >= threshold) out[i] = 1;
  }
  if (badCount > 0) {
    return { ok: false, reason: nonFinite ? 'non_finite' : 'non_binary', index: firstBad, value: badValue, count: badCount };
  }
  return { ok: true, data: out };
}
