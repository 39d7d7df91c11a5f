export * from './event-view.js';
export * from './leaderboard-view.js';
export * from './feed-event.js';
export * from './live-protocol.js';
export * from './rank-history.js';
