export * from './window/index.js';
