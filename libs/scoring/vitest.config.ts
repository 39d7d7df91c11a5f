import { nodeProjectConfig } from '../../vitest.shared.js';

// Golden and property tests run big inputs (500-slice volumes) on a loaded CI machine.
export default nodeProjectConfig({ testTimeout: 60_000 });
