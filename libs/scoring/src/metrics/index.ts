export * from './metric-error.js';
export { pairwiseSum, pairwiseMean } from './pairwise-sum.js';
export { percentileLinear, percentileOfSorted } from './percentile.js';
export * from './auc.metric.js';
export * from './regression.metric.js';
export * from './dice.metric.js';
export * from './hd95.metric.js';
