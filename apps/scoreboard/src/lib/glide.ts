// Rows glide to their new place without a single layout read. The board is a fixed grid (columns
// of ten equal slots on a fixed stage), so where a row was drawn follows from its old index alone:
// the offset is counted in slots and turned into a transform relative to the row's own box
// (`100%` of a row + the gap is one slot), which the compositor animates. Reading positions
// instead (getBoundingClientRect before and after the update) forced two full layouts per update.
import { ROWS_PER_COLUMN } from './leaderboard-layout.js';

/** Gaps of the rows grid; the stylesheet takes them from here so the slot arithmetic matches. */
export const COLUMN_GAP_PX = 36;
export const ROW_GAP_PX = 8;
export const GLIDE_MS = 900;
export const GLIDE_ID = 'glide';
const GLIDE_EASING = 'cubic-bezier(0.2, 0.8, 0.2, 1)';

/** A distance on the board in slots (fractions while a row is between two places). */
export interface SlotOffset {
  columns: number;
  rows: number;
}

export interface Glide extends SlotOffset {
  key: string;
}

export function slotOf(index: number, rowsPerColumn = ROWS_PER_COLUMN): SlotOffset {
  return { columns: Math.floor(index / rowsPerColumn), rows: index % rowsPerColumn };
}

/**
 * Rows to glide: present before and after at another index. Each offset points from the new slot
 * back to where the row is drawn now - its old slot, plus what is left of a glide still under way
 * (`inFlight`), so a row overtaken twice in a second changes course instead of jumping.
 */
export function glides(
  previous: ReadonlyMap<string, number>,
  next: readonly string[],
  inFlight: (key: string) => SlotOffset | null = () => null,
  rowsPerColumn = ROWS_PER_COLUMN,
): Glide[] {
  const result: Glide[] = [];
  next.forEach((key, index) => {
    const before = previous.get(key);
    if (before === undefined || before === index) return;
    const from = slotOf(before, rowsPerColumn);
    const to = slotOf(index, rowsPerColumn);
    const left = inFlight(key) ?? { columns: 0, rows: 0 };
    result.push({ key, columns: from.columns - to.columns + left.columns, rows: from.rows - to.rows + left.rows });
  });
  return result;
}

/** The transform that draws a row `offset` slots away from its own place. */
export function slotTransform(offset: SlotOffset): string {
  return `translate(calc(${offset.columns} * (100% + ${COLUMN_GAP_PX}px)), calc(${offset.rows} * (100% + ${ROW_GAP_PX}px)))`;
}

/**
 * Plays glides on the rows of one board. Each row's running glide is remembered here (asking
 * element.getAnimations() would flush styles) to know how far it still has to go when the next
 * update redirects it.
 */
export class RowGlider {
  private readonly running = new WeakMap<Element, { animation: Animation; offset: SlotOffset }>();

  constructor(private readonly durationMs = GLIDE_MS) {}

  /** Offset still to cover by the row's current glide, or null when it is at rest. */
  remaining(element: Element | undefined): SlotOffset | null {
    const glide = element && this.running.get(element);
    if (!glide) return null;
    const progress = glide.animation.effect?.getComputedTiming().progress;
    if (progress === null || progress === undefined || glide.animation.playState !== 'running') return null;
    // Progress is eased: the row's drawn place is this far along its way.
    return { columns: glide.offset.columns * (1 - progress), rows: glide.offset.rows * (1 - progress) };
  }

  play(element: Element, offset: SlotOffset): void {
    if (typeof element.animate !== 'function') return;
    this.running.get(element)?.animation.cancel();
    const animation = element.animate([{ transform: slotTransform(offset) }, { transform: 'none' }], { duration: this.durationMs, easing: GLIDE_EASING });
    animation.id = GLIDE_ID;
    this.running.set(element, { animation, offset });
  }
}
