export * from './localized-text.js';
export { LocalizedTextSchema } from './localized-text.schema.js';
export * from './problem.js';
export * from './manifest.js';
export * from './detection.js';
export * from './live/index.js';
export * from './rest/index.js';
export * from './openapi-schemas.js';
