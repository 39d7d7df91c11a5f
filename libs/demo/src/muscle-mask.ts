// Synthetic L3 skeletal-muscle masks: what a radiologist segments on one axial CT slice at the
// third lumbar vertebra. The abdominal wall is an elliptical ring (thin rectus anteriorly, split
// by the linea alba; obliques laterally; thick paraspinal muscles posteriorly, split by the
// spinous process), plus the two psoas beside the vertebral body. Each case varies in size,
// muscularity, left/right asymmetry and boundary irregularity. Image rows go anterior (top)
// to posterior (bottom), as on a radiology screen.
import { createRng, type MaskImage, type Rng } from '@podium/scoring';

export const MASK_SIZE = 512;

interface Harmonic {
  order: number;
  amplitude: number;
  phase: number;
}

interface PsoasShape {
  /** Distance in mm from the midline to each psoas centre. */
  offsetMm: number;
  semiMajorMm: number;
  semiMinorMm: number;
  /** Tilt of the long axis from the antero-posterior axis, radians (mirrored on the other side). */
  tilt: number;
  /** Size ratio of the left psoas to the right one. */
  leftScale: number;
}

/** Everything needed to redraw one case's mask, bit for bit. */
export interface MuscleShape {
  /** Ring centre in pixels. */
  centerX: number;
  centerY: number;
  /** Outer boundary of the muscle ring, mm. */
  semiAxisXMm: number;
  semiAxisYMm: number;
  anteriorMm: number;
  lateralMm: number;
  posteriorMm: number;
  /** Relative thickness gain of the image-right side over the image-left side. */
  asymmetry: number;
  outerHarmonics: Harmonic[];
  thicknessHarmonics: Harmonic[];
  lineaAlbaMm: number;
  vertebralBodyMm: number;
  psoas: PsoasShape;
  /** Seed of the boundary jitter. */
  jitterSeed: number;
}

/** Pixel spacing of a CT slice: field of view / 512, which is exact in float32 (NIfTI pixdim). */
export function sampleSpacing(rng: Rng): number {
  return (360 + rng.int(101)) / MASK_SIZE;
}

function sampleHarmonics(rng: Rng, orders: number[], amplitude: number): Harmonic[] {
  return orders.map((order) => ({
    order,
    amplitude: amplitude * rng.uniform(0.3, 1) / order,
    phase: rng.uniform(0, 2 * Math.PI),
  }));
}

/** Draws one patient's anatomy. `spacing` is the in-plane pixel size in mm. */
export function sampleMuscleShape(rng: Rng, spacing: number): MuscleShape {
  const fovMm = spacing * MASK_SIZE;
  // Muscularity: sarcopenic patients have thin muscles, athletic ones thick.
  const muscularity = Math.min(1.35, Math.max(0.55, 1 + 0.18 * rng.normal()));
  const semiAxisXMm = fovMm * rng.uniform(0.29, 0.37);
  return {
    centerX: MASK_SIZE / 2 + 5 * rng.normal(),
    centerY: MASK_SIZE / 2 + 5 + 5 * rng.normal(),
    semiAxisXMm,
    semiAxisYMm: semiAxisXMm * rng.uniform(0.62, 0.74),
    anteriorMm: rng.uniform(8, 13) * muscularity,
    lateralMm: rng.uniform(11, 17) * muscularity,
    posteriorMm: rng.uniform(40, 55) * Math.sqrt(muscularity),
    asymmetry: 0.06 * rng.normal(),
    outerHarmonics: sampleHarmonics(rng, [2, 3, 4, 5], 0.05),
    thicknessHarmonics: sampleHarmonics(rng, [1, 2, 3, 5, 7], 0.25),
    lineaAlbaMm: rng.uniform(6, 16),
    vertebralBodyMm: rng.uniform(19, 24),
    psoas: {
      offsetMm: rng.uniform(30, 38),
      semiMajorMm: rng.uniform(19, 26) * Math.sqrt(muscularity),
      semiMinorMm: rng.uniform(11, 15) * Math.sqrt(muscularity),
      tilt: rng.uniform(0.2, 0.55),
      leftScale: 1 + 0.08 * rng.normal(),
    },
    jitterSeed: rng.int(0x7fffffff),
  };
}

const BINS = 1024;

/**
 * Angle bin of every pixel offset from an integer centre, computed once: the pixel loop then
 * needs no trigonometry (Math.atan2 per pixel made 500 masks take seconds).
 */
const OFFSET_SPAN = 2 * MASK_SIZE;
let angleBinTable: Uint16Array | undefined;
function angleBins(): Uint16Array {
  if (angleBinTable) return angleBinTable;
  const table = new Uint16Array(OFFSET_SPAN * OFFSET_SPAN);
  const binScale = BINS / (2 * Math.PI);
  for (let j = 0; j < OFFSET_SPAN; j++) {
    const dy = j - MASK_SIZE + 0.5;
    for (let i = 0; i < OFFSET_SPAN; i++) {
      const dx = i - MASK_SIZE + 0.5;
      table[j * OFFSET_SPAN + i] = Math.min(BINS - 1, Math.floor((Math.atan2(dy, dx) + Math.PI) * binScale));
    }
  }
  angleBinTable = table;
  return table;
}

function harmonicSum(harmonics: Harmonic[], theta: number): number {
  let sum = 0;
  for (const h of harmonics) sum += h.amplitude * Math.cos(h.order * theta + h.phase);
  return sum;
}

/** Random per-angle offsets (pixels), smoothed over neighbouring bins: a hand-drawn border. */
function boundaryJitter(rng: Rng, sdPixels: number): Float64Array {
  const raw = new Float64Array(BINS);
  for (let i = 0; i < BINS; i++) raw[i] = rng.normal() * sdPixels;
  const smooth = new Float64Array(BINS);
  for (let i = 0; i < BINS; i++) {
    smooth[i] = (raw[(i + BINS - 2) % BINS] + 2 * raw[(i + BINS - 1) % BINS] + 3 * raw[i] +
      2 * raw[(i + 1) % BINS] + raw[(i + 2) % BINS]) / 9 * 1.8;
  }
  return smooth;
}

/** The pixel rows and columns (inclusive, inside the mask) within `reach` of (cx, cy). */
function pixelBox(cx: number, cy: number, reach: number): { x0: number; x1: number; y0: number; y1: number } {
  return {
    x0: Math.max(0, Math.floor(cx - reach)),
    x1: Math.min(MASK_SIZE - 1, Math.ceil(cx + reach)),
    y0: Math.max(0, Math.floor(cy - reach)),
    y1: Math.min(MASK_SIZE - 1, Math.ceil(cy + reach)),
  };
}

/** Sets (value 1) or clears (value 0) the pixels of a rotated ellipse, in pixel units. */
function paintEllipse(
  data: Uint8Array, cx: number, cy: number, semiX: number, semiY: number, angle: number, value: 0 | 1,
): void {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const { x0, x1, y0, y1 } = pixelBox(cx, cy, Math.max(semiX, semiY));
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const u = (dx * cos + dy * sin) / semiX;
      const v = (-dx * sin + dy * cos) / semiY;
      if (u * u + v * v <= 1) data[y * MASK_SIZE + x] = value;
    }
  }
}

/** Rasterises a shape into a 512x512 binary mask (x fastest, then y). */
export function renderMuscleMask(shape: MuscleShape, spacing: number): MaskImage {
  const data = new Uint8Array(MASK_SIZE * MASK_SIZE);
  const px = (mm: number) => mm / spacing;
  const a = px(shape.semiAxisXMm);
  const b = px(shape.semiAxisYMm);
  const jitterRng = createRng(shape.jitterSeed, 'muscle-border');
  const outerJitter = boundaryJitter(jitterRng, 0.6);
  const innerJitter = boundaryJitter(jitterRng, 0.8);

  // Outer and inner radius of the ring for each angle bin.
  const rOut = new Float64Array(BINS);
  const rIn = new Float64Array(BINS);
  let rOutMax = 0;
  let rInMin = Infinity;
  for (let k = 0; k < BINS; k++) {
    const theta = -Math.PI + ((k + 0.5) * 2 * Math.PI) / BINS;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const ellipse = (a * b) / Math.sqrt((b * cos) ** 2 + (a * sin) ** 2);
    const outer = ellipse * (1 + harmonicSum(shape.outerHarmonics, theta)) + outerJitter[k];
    // sin > 0 is posterior (rows grow downwards).
    const posterior = Math.max(0, sin) ** 6;
    const anterior = Math.max(0, -sin) ** 2;
    let thickness = shape.lateralMm + (shape.posteriorMm - shape.lateralMm) * posterior +
      (shape.anteriorMm - shape.lateralMm) * anterior;
    thickness *= (1 + shape.asymmetry * cos) * (1 + harmonicSum(shape.thicknessHarmonics, theta));
    const fromAnteriorMidline = Math.abs(theta + Math.PI / 2) * ellipse * spacing;
    if (fromAnteriorMidline < shape.lineaAlbaMm / 2) thickness = 0;
    const inner = outer - Math.max(0, px(thickness)) + innerJitter[k];
    rOut[k] = outer;
    rIn[k] = Math.min(outer, inner);
    rOutMax = Math.max(rOutMax, outer);
    rInMin = Math.min(rInMin, rIn[k]);
  }

  // The ring centre sits on a pixel corner, so pixel centres are at half-integer offsets.
  const cx = Math.round(shape.centerX);
  const cy = Math.round(shape.centerY);
  const rOut2 = rOut.map((r) => r * r);
  const rIn2 = rIn.map((r) => r * r);
  const rOutMax2 = rOutMax * rOutMax;
  const rInMin2 = rInMin * rInMin;
  const bins = angleBins();
  const { x0, x1, y0, y1 } = pixelBox(cx, cy, rOutMax);
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    const tableRow = (y - cy + MASK_SIZE) * OFFSET_SPAN - cx + MASK_SIZE;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const r2 = dx * dx + dy * dy;
      if (r2 > rOutMax2 || r2 < rInMin2) continue;
      const k = bins[tableRow + x];
      if (r2 <= rOut2[k] && r2 >= rIn2[k]) data[y * MASK_SIZE + x] = 1;
    }
  }

  // The spine: the vertebral body sits just anterior to the paraspinal muscles, the psoas on
  // either side of it; the spinous process splits the paraspinals in two.
  const posteriorInner = cy + rIn[Math.floor(BINS * 0.75)];
  const vertebraR = px(shape.vertebralBodyMm);
  const vertebraY = posteriorInner - 0.85 * vertebraR;
  const { psoas } = shape;
  for (const side of [-1, 1] as const) {
    const scale = side < 0 ? psoas.leftScale : 1;
    paintEllipse(
      data, cx + side * px(psoas.offsetMm), vertebraY + 0.15 * vertebraR,
      px(psoas.semiMinorMm) * scale, px(psoas.semiMajorMm) * scale, -side * psoas.tilt, 1,
    );
  }
  paintEllipse(data, cx, vertebraY, vertebraR, vertebraR * 0.85, 0, 0);
  const spinousDepth = cy + rOut[Math.floor(BINS * 0.75)] - posteriorInner;
  paintEllipse(data, cx, posteriorInner + spinousDepth / 2, px(4.5), spinousDepth / 2 + 2, 0, 0);

  return { dims: [MASK_SIZE, MASK_SIZE, 1], spacing: [spacing, spacing, 1], data };
}

/** Number of set pixels of a 0/1 mask. */
export function countMaskPixels(data: Uint8Array): number {
  // Adds four bytes at a time: with 0/1 values, 255 words cannot carry from one byte lane into
  // the next, so each chunk's lanes are summed exactly. Twice as fast as a byte loop.
  const aligned = data.byteOffset % 4 === 0;
  const view = new Uint32Array(aligned ? data.buffer : new ArrayBuffer(0), aligned ? data.byteOffset : 0, aligned ? data.length >>> 2 : 0);
  let count = 0;
  for (let start = 0; start < view.length; start += 255) {
    let lanes = 0;
    const end = Math.min(view.length, start + 255);
    for (let i = start; i < end; i++) lanes += view[i];
    count += (lanes & 0xff) + ((lanes >>> 8) & 0xff) + ((lanes >>> 16) & 0xff) + Math.floor(lanes / 0x1000000);
  }
  for (let i = view.length * 4; i < data.length; i++) count += data[i];
  return count;
}

/** Muscle area in mm2: mask pixels x pixel area (the rule the answer key states). */
export function maskAreaMm2(mask: MaskImage): number {
  return countMaskPixels(mask.data) * mask.spacing[0] * mask.spacing[1];
}
