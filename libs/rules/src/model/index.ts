export * from './submission-status.js';
export * from './round.js';
