export * from './rank-history.js';
