export { rankEntries } from './rank-entries.js';
export type { RankedScore } from './rank-entries.js';
export { competitionRanks } from './score-rank.js';
export { validateRanking } from './ranking.validation.js';
