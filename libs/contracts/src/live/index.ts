export * from './event-view.js';
export * from './leaderboard-view.js';
export * from './feed-event.js';
export * from './announcement.schema.js';
export * from './live-protocol.js';
export * from './subscribe-request.js';
export * from './rank-history.js';
export * from './rank-history.schema.js';
