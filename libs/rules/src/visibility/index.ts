export * from './audience.js';
export * from './visible-leaderboard.js';
export * from './visible-submission.js';
export * from './visible-task-state.js';
export * from './visible-feed-data.js';
export * from './visible-rank-history.js';
