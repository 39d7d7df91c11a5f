export * from './health.js';
export * from './events.js';
export * from './admin.js';
export * from './submissions.js';
export * from './submissions.schema.js';
export * from './jury.js';
export * from './results.js';
