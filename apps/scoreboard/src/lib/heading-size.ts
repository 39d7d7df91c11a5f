// The screen title shrinks a step or two before the ellipsis cuts it: a task title that loses its
// end ("Scanner thoracique : nodule >= 1…") no longer says which task the board is about.

export type HeadingSize = 'normal' | 'long' | 'longer';

/** Font sizes (px) of each step; the header stylesheet uses the same. */
export const HEADING_PX: Record<HeadingSize, number> = { normal: 58, long: 48, longer: 40 };

/** Characters that fit at the normal size: beside a countdown and the clock, or the clock alone. */
const FIT_AT_NORMAL = { countdown: 30, clock: 42 } as const;

export function headingSize(heading: string, beside: keyof typeof FIT_AT_NORMAL): HeadingSize {
  const length = [...heading].length;
  const fit = (size: HeadingSize) => Math.floor((FIT_AT_NORMAL[beside] * HEADING_PX.normal) / HEADING_PX[size]);
  if (length <= fit('normal')) return 'normal';
  return length <= fit('long') ? 'long' : 'longer';
}
