export * from './task-window.js';
