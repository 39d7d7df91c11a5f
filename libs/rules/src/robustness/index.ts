export * from './bootstrap-ranking.js';
