export { scoreSubmission, computeScore } from './score-submission.js';
export { scoreDirection, scoreTerms } from './score-terms.js';
export type { ResolvedTerm } from './score-terms.js';
export { validateScoreSpecs } from './score-spec.validation.js';
export type { ScoreSpecContext } from './score-spec.validation.js';
export { validateAnswerKeyForScores } from './answer-key.validation.js';
export { createCaseResampler } from './case-resampler.js';
export type { CaseResampler } from './case-resampler.js';
