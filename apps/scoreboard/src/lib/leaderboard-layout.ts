// How a board fits the screen: 20 rows per page (two columns of ten at 1080p), pages that
// turn by themselves, and movement shown as arrow + text (colour is never the only signal).
import type { LeaderboardRow, RowMovement, TaskPublicView } from '@podium/contracts';
import { formatScore } from '@podium/ui';
import type { Translate } from './messages.js';

export const ROWS_PER_COLUMN = 10;
export const ROWS_PER_PAGE = 20;
export const PAGE_SECONDS = 12;

// The order is the server's (rank, then who reached a tied score first): the screen draws it as
// sent and never re-sorts, so it always matches REST.

/** Whether the displayed order of teams differs (rows would glide). */
export function orderChanged(previous: readonly LeaderboardRow[], next: readonly LeaderboardRow[]): boolean {
  if (previous.length !== next.length) return true;
  return next.some((row, index) => row.team.slug !== previous[index]!.team.slug);
}

export interface BoardLayout {
  columns: 1 | 2;
  rowsPerColumn: number;
  /** Type and row scale against the 20-team layout: fewer teams, bigger rows. */
  scale: number;
}

/** Fewest rows a column is divided into: one or two teams do not get half-screen rows. */
const MIN_ROWS_PER_COLUMN = 4;

/**
 * How a page of `rowCount` rows fills the board: up to ten teams in one wide column, more in two;
 * rows share the height, and type grows with them (capped where a wide row stops gaining).
 */
export function boardLayout(rowCount: number): BoardLayout {
  if (rowCount <= ROWS_PER_COLUMN) {
    const rowsPerColumn = Math.max(MIN_ROWS_PER_COLUMN, rowCount);
    return { columns: 1, rowsPerColumn, scale: Math.min(1.8, ROWS_PER_COLUMN / rowsPerColumn) };
  }
  const rowsPerColumn = Math.min(ROWS_PER_COLUMN, Math.ceil(rowCount / 2));
  // Two half-width columns: names need the width, so type grows less than the rows.
  return { columns: 2, rowsPerColumn, scale: Math.min(1.25, ROWS_PER_COLUMN / rowsPerColumn) };
}

export function pageCount(rowCount: number, perPage = ROWS_PER_PAGE): number {
  return Math.max(1, Math.ceil(rowCount / perPage));
}

/** Which page shows `elapsedMs` after the scene appeared (0-based, cycling). */
export function pageAt(pages: number, elapsedMs: number, pageSeconds = PAGE_SECONDS): number {
  if (pages <= 1 || elapsedMs < 0) return 0;
  return Math.floor(elapsedMs / (pageSeconds * 1000)) % pages;
}

export function pageRows<T>(rows: readonly T[], page: number, perPage = ROWS_PER_PAGE): T[] {
  return rows.slice(page * perPage, (page + 1) * perPage);
}

export interface MovementBadge {
  /** `unranked`: no ranked submission yet, nothing to show. */
  kind: RowMovement['kind'] | 'unranked';
  /** Glyph that differs in shape for each kind. */
  arrow: string;
  /** Short visible text beside the arrow. */
  short: string;
  /** Full sentence for assistive tech. */
  label: string;
}

export function movementBadge(movement: RowMovement | null, t: Translate): MovementBadge {
  if (movement === null) return { kind: 'unranked', arrow: '', short: '', label: '' };
  switch (movement.kind) {
    case 'up':
      return { kind: 'up', arrow: '▲', short: `+${movement.places}`, label: t('movement.up', { n: movement.places }) };
    case 'down':
      return { kind: 'down', arrow: '▼', short: `−${Math.abs(movement.places)}`, label: t('movement.down', { n: Math.abs(movement.places) }) };
    case 'new':
      return { kind: 'new', arrow: '✚', short: t('movement.new'), label: t('movement.new') };
    default:
      return { kind: 'same', arrow: '=', short: '', label: t('movement.same') };
  }
}

/**
 * Type size for a team name in a leaderboard row: long names shrink a step or two before the
 * ellipsis cuts them (about 17 characters fit at the normal size beside one score column).
 */
export function nameSize(name: string): 'normal' | 'long' | 'longer' {
  const length = [...name].length;
  if (length <= 17) return 'normal';
  return length <= 21 ? 'long' : 'longer';
}

export interface ScoreColumn {
  key: string;
  label: string;
  /** Read from row.points rather than row.scores. */
  points: boolean;
  primary: boolean;
}

/** Columns in display order: points first for rank-aggregated tasks, then each score. */
export function scoreColumns(task: TaskPublicView, t: Translate, lang: 'fr' | 'en'): ScoreColumn[] {
  const columns: ScoreColumn[] = [];
  if (task.ranking !== 'single') columns.push({ key: 'points', label: t('col.points'), points: true, primary: true });
  task.scores.forEach((score, index) =>
    columns.push({ key: score.name, label: score.label?.[lang] || score.name.toUpperCase(), points: false, primary: task.ranking === 'single' && index === 0 }),
  );
  return columns;
}

/**
 * Teams that caused this frame (entered the board or changed their own scores) - they get a
 * highlight. Teams merely pushed around by them only show their arrow: a wall of flashing rows
 * would hide who actually did something.
 */
export function changedTeams(previous: readonly LeaderboardRow[] | null, next: readonly LeaderboardRow[]): string[] {
  if (!previous) return [];
  const before = new Map(previous.map((r) => [r.team.slug, r]));
  return next
    .filter((row) => {
      const old = before.get(row.team.slug);
      if (!old) return true;
      return Object.keys(row.scores).some((k) => old.scores[k] !== row.scores[k]);
    })
    .map((r) => r.team.slug);
}

/**
 * A score as the screen draws it: the task's precision, except values in the thousands, shown
 * without decimals (an area MSE of 1,877,782.1234 is unreadable from the back of the room and did
 * not fit its column: it was cut to "1,877,782...").
 */
export function screenScore(value: number | null | undefined, precision: number, lang: 'fr' | 'en'): string {
  return formatScore(value, value !== null && value !== undefined && Math.abs(value) >= 1000 ? 0 : precision, lang);
}

/** Rank-aggregated points: whole for a rank sum, one decimal for a mean rank. */
export function screenPoints(points: number | null | undefined, ranking: TaskPublicView['ranking'], lang: 'fr' | 'en'): string {
  return formatScore(points, ranking === 'mean_rank' ? 1 : 0, lang);
}

/** What the overview's number column means: the metric, or the points and what they add up. */
export function metricCaption(task: TaskPublicView, t: Translate, lang: 'fr' | 'en'): { label: string; detail: string | null } {
  const columns = scoreColumns(task, t, lang);
  const first = columns[0];
  if (!first) return { label: '', detail: null };
  if (!first.points) return { label: first.label, detail: null };
  return { label: first.label, detail: columns.filter((c) => !c.points).map((c) => c.label).join(' + ') };
}
