// FLIP for the board rows, done once per update for the whole list: read every position, then
// write only the rows that moved. (Svelte's per-row animate:flip re-measures all 20 rows and
// forces a layout per row on every frame, which is most of an update's cost.)

export interface Box {
  left: number;
  top: number;
}

export interface FlipMove {
  key: string;
  dx: number;
  dy: number;
}

/** Rows to animate: present before and after, moved by at least `minPx`. */
export function flipMoves(before: ReadonlyMap<string, Box>, after: ReadonlyMap<string, Box>, minPx = 1): FlipMove[] {
  const moves: FlipMove[] = [];
  for (const [key, to] of after) {
    const from = before.get(key);
    if (!from) continue;
    const dx = from.left - to.left;
    const dy = from.top - to.top;
    if (Math.abs(dx) >= minPx || Math.abs(dy) >= minPx) moves.push({ key, dx, dy });
  }
  return moves;
}

/** Positions of keyed children (`data-key`), in one layout read. */
export function measureChildren(list: HTMLElement, scale = 1): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const child of list.children) {
    const key = (child as HTMLElement).dataset.key;
    if (!key) continue;
    const rect = child.getBoundingClientRect();
    // Rects are in viewport pixels; the stage is scaled, transforms are in stage pixels.
    boxes.set(key, { left: rect.left / scale, top: rect.top / scale });
  }
  return boxes;
}

/**
 * The glide each row is playing, to restart it on the next move. Kept here rather than asked of
 * element.getAnimations(): that call flushes styles, and interleaved with animate() it would
 * recompute styles once per moved row.
 */
const gliding = new WeakMap<Element, Animation>();

export function playFlip(list: HTMLElement, moves: readonly FlipMove[], durationMs: number): void {
  if (moves.length === 0) return;
  const byKey = new Map<string, HTMLElement>();
  for (const child of list.children) byKey.set((child as HTMLElement).dataset.key ?? '', child as HTMLElement);
  for (const move of moves) {
    const element = byKey.get(move.key);
    if (!element || typeof element.animate !== 'function') continue;
    gliding.get(element)?.cancel();
    const animation = element.animate([{ transform: `translate(${move.dx}px, ${move.dy}px)` }, { transform: 'none' }], {
      duration: durationMs,
      easing: 'cubic-bezier(0.2, 0.8, 0.2, 1)',
    });
    animation.id = 'flip';
    gliding.set(element, animation);
  }
}
