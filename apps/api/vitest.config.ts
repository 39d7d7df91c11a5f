import { nodeProjectConfig } from '../../vitest.shared.js';

// Booting PGlite and running the migrations takes seconds on a busy 2-core machine.
export default nodeProjectConfig({ testTimeout: 60_000, hookTimeout: 120_000 });
