// Rows glide to their new place with no layout read and no animation set up by script. The
// board is a fixed grid (columns of ten equal slots on a fixed stage), so a row is drawn at its
// slot by a transform relative to its own box (`100%` of a row + the gap is one slot), and a CSS
// transition on that transform glides it, on the compositor, whenever its slot changes - from
// wherever it is drawn at that moment, so a row overtaken twice in a second changes course.
// For that the row elements must stay put in the document: the list keeps a stable order (by
// team) and rows change slots, never DOM positions (moving an element re-inserts it, which drops
// its transitions). Reading positions instead (FLIP: getBoundingClientRect before and after the
// update, one animate() per moved row) cost two forced layouts and most of an update.
import { ROWS_PER_COLUMN } from './leaderboard-layout.js';

/** Gaps of the rows grid; the stylesheet takes them from here. */
export const COLUMN_GAP_PX = 36;
export const ROW_GAP_PX = 8;
export const GLIDE_MS = 900;

export interface Slot {
  /** Place on the page, 0 = first. */
  index: number;
  column: number;
  row: number;
}

export function slotOf(index: number, rowsPerColumn = ROWS_PER_COLUMN): Slot {
  return { index, column: Math.floor(index / rowsPerColumn), row: index % rowsPerColumn };
}

export interface PlacedRow<T> {
  key: string;
  item: T;
  slot: Slot;
}

/** Items in a stable order (by key), each with the slot of its place in `items`. */
export function placeRows<T>(items: readonly T[], key: (item: T) => string, rowsPerColumn = ROWS_PER_COLUMN): PlacedRow<T>[] {
  return items
    .map((item, index) => ({ key: key(item), item, slot: slotOf(index, rowsPerColumn) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
