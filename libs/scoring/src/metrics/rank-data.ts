/**
 * Ranks 1..n with ties given the average of the ranks they span (scipy.stats.rankdata,
 * method='average'). Stable: equal values keep their order, which does not change the result.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = sortedOrder(values);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]] === values[order[i]]) j++;
    // Ranks i+1..j share (i + 1 + j) / 2.
    const r = (i + 1 + j) / 2;
    for (let m = i; m < j; m++) ranks[order[m]] = r;
    i = j;
  }
  return ranks;
}

/** Indices of `values` in ascending value order (ties by index). */
export function sortedOrder(values: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b] || a - b);
  return order;
}
