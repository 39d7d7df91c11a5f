import { nodeProjectConfig } from '../../vitest.shared.js';

export default nodeProjectConfig();
