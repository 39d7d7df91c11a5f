export * from './model/index.js';
export * from './window/index.js';
export * from './quota/index.js';
export * from './leaderboard/index.js';
export * from './history/index.js';
export * from './visibility/index.js';
export * from './robustness/index.js';
