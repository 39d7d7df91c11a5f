export * from './submission-status.js';
