export { ApiProcess, exitedEarly, spawnApi, waitForHealth } from './api-process.js';
export type { ApiEntry, SpawnedApi } from './api-process.js';
export { freePort, reachable } from './network.js';
export { waitFor } from './wait-for.js';
export type { WaitOptions } from './wait-for.js';
