export { FakeLiveServer } from './fake-live-server.js';
export type { FakeLiveServerOptions } from './fake-live-server.js';
export { buildFakeLeaderboard } from './fake-leaderboard.js';
export type { FakeStanding } from './fake-leaderboard.js';
export { buildFakeClock, buildFakeEvent, buildFakeTask, buildFakeTeams } from './fake-event.js';
