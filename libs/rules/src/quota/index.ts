export * from './quota-status.js';
