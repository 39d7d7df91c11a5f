// What the three browser apps share: formatting, messages, clocks, the live indicator and REST reads.
export * from './format.js';
export * from './countdown.js';
export * from './live-indicator.js';
export * from './public-api.js';
export * from './i18n.js';
export * from './common-messages.js';
