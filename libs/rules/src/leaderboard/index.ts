export * from './leaderboard.types.js';
export * from './select-submission.js';
export * from './compute-leaderboard.js';
export * from './rank-teams.js';
