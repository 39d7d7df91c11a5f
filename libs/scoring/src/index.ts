export * from './types.js';
export * from './metrics/index.js';
export * from './ranking/index.js';
export * from './parsing/index.js';
export * from './evaluate/index.js';
export * from './random/index.js';
