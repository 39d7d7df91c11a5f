export { LiveFeedClient } from './live-feed-client.js';
export type { LiveFeedClientEvents, LiveFeedClientOptions, RefreshCause } from './live-feed-client.js';
export { activeAnnouncements, applyFeedEvent, emptyLiveState, stateFromSnapshot } from './live-state.js';
export type { LiveState, RevealState } from './live-state.js';
export { isShowingLive, secondsSinceUpdate } from './live-health.js';
