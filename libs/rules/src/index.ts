export * from './model/index.js';
export * from './window/index.js';
export * from './quota/index.js';
