export * from './localized-text.js';
export * from './problem.js';
export * from './manifest.js';
export * from './detection.js';
export * from './live/index.js';
export * from './rest/index.js';
