export { createRng } from './seeded-rng.js';
export type { Rng } from './seeded-rng.js';
