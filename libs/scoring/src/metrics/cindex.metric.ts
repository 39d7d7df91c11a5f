import { checkFinite, checkPaired, MetricError } from './metric-error.js';
import { sortedOrder } from './rank-data.js';
import { lowerBound } from './sorted-search.js';

/**
 * Harrell's concordance index with the conventions of lifelines' `concordance_index(
 * event_times, predicted_scores, event_observed)`:
 * - a higher predicted score means a longer predicted survival (pass -risk for risk scores);
 * - a pair is comparable when the earlier time is an observed event; with tied times, only
 *   when exactly one of the two is an event (the event counts as the earlier); two events at
 *   the same time, or two censored cases, are not comparable;
 * - a comparable pair counts 1 when the earlier case has the lower score, 1/2 when the
 *   scores are tied, 0 otherwise. C = (concordant + ties / 2) / comparable.
 * `events` defaults to all events observed (1 = event, 0 = censored). O(n log n).
 * Higher is better.
 */
export function cindex(time: ArrayLike<number>, score: ArrayLike<number>, events?: ArrayLike<number>): number {
  checkPaired('cindex', time, score);
  const n = time.length;
  const event = new Uint8Array(n);
  if (events) {
    if (events.length !== n) {
      throw new MetricError('metric.length_mismatch', `cindex: ${n} times but ${events.length} event indicators`);
    }
    checkFinite('cindex', 'event', events);
    for (let i = 0; i < n; i++) {
      if (events[i] !== 0 && events[i] !== 1) {
        throw new MetricError('metric.not_binary', `cindex: event[${i}] is ${events[i]}, expected 0 or 1`);
      }
      event[i] = events[i];
    }
  } else event.fill(1);

  // Score ranks (dense, 0-based) index a Fenwick tree of the scores of cases already passed.
  const byScore = sortedOrder(score);
  const scoreRank = new Uint32Array(n);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && score[byScore[i]] !== score[byScore[i - 1]]) distinct++;
    scoreRank[byScore[i]] = distinct;
  }
  const tree = new Fenwick(distinct + 1);

  // Walk times from the latest down; `tree` holds every case with a strictly later time.
  const byTime = sortedOrder(time);
  let twiceConcordant = 0;
  let comparable = 0;
  let end = n;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && time[byTime[start - 1]] === time[byTime[end - 1]]) start--;
    const censoredHere: number[] = [];
    for (let k = start; k < end; k++) if (event[byTime[k]] === 0) censoredHere.push(scoreRank[byTime[k]]);
    censoredHere.sort((a, b) => a - b);
    const later = tree.total();
    for (let k = start; k < end; k++) {
      const i = byTime[k];
      if (event[i] === 0) continue;
      const r = scoreRank[i];
      // Against later cases: concordant when their score is higher.
      const lower = tree.prefix(r - 1);
      const equal = tree.prefix(r) - lower;
      twiceConcordant += 2 * (later - lower - equal) + equal;
      comparable += later;
      // Against censored cases at the same time: the event is the earlier one.
      const lo = lowerBound(censoredHere, r);
      const hi = lowerBound(censoredHere, r + 1);
      twiceConcordant += 2 * (censoredHere.length - hi) + (hi - lo);
      comparable += censoredHere.length;
    }
    for (let k = start; k < end; k++) tree.add(scoreRank[byTime[k]]);
    end = start;
  }
  if (comparable === 0) {
    throw new MetricError('metric.no_comparable_pairs', 'cindex: no comparable pair (no observed event before another time)');
  }
  return twiceConcordant / (2 * comparable);
}

class Fenwick {
  private readonly t: Float64Array;
  constructor(size: number) {
    this.t = new Float64Array(size + 1);
  }
  add(i: number): void {
    for (let k = i + 1; k < this.t.length; k += k & -k) this.t[k]++;
  }
  /** Count of added ranks <= i (0 for i < 0). */
  prefix(i: number): number {
    let s = 0;
    for (let k = i + 1; k > 0; k -= k & -k) s += this.t[k];
    return s;
  }
  total(): number {
    return this.prefix(this.t.length - 2);
  }
}
