export * from './metric-error.js';
export { exactSum, exactMean } from './exact-sum.js';
export { percentileLinear, percentileOfSorted } from './percentile.js';
export * from './auc.metric.js';
export * from './regression.metric.js';
export * from './dice.metric.js';
export * from './hd95.metric.js';
export * from './classification.metric.js';
export * from './spearman.metric.js';
export * from './cindex.metric.js';
export * from './froc.metric.js';
export { averageRanks } from './rank-data.js';
export { getMetric, metricNames, WEIGHTED } from './metric-registry.js';
export type {
  MetricDefinition,
  MetricKind,
  MetricValue,
  MetricOptions,
  TableMetric,
  PairsMetric,
  MaskMetric,
  DetectionMetric,
  TruthRequirement,
} from './metric-registry.js';
