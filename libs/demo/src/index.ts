export { buildDemoBundle, buildDemoBundleFiles } from './demo-bundle.js';
export type { DemoBundleOptions } from './demo-bundle.js';
export { buildDemoSubmission, demoQuality } from './demo-submission.js';
export type { DemoSubmission, DemoSubmissionOptions } from './demo-submission.js';
export { DEMO_CASE_COUNTS, DEMO_SEED, DEMO_TASK_SLUGS, demoTruth, renderDemoMask } from './demo-truth.js';
export type { DemoCases, DemoTaskSlug, DemoTruth } from './demo-truth.js';
export {
  DEMO_ANSWER_KEY_FILES, DEMO_EVENT_SLUG, DEMO_SUBMISSION_ID_COLUMNS, DEMO_TIMELINE, DEMO_TIMEZONE,
  buildDemoManifest, demoWindow, formatInTimeZone,
} from './demo-manifest.js';
export { DEMO_JURY, DEMO_TEAMS, demoTeam, demoTeamSkill } from './demo-teams.js';
export { CSV_STYLES } from './csv-writer.js';
export type { CsvStyle } from './csv-writer.js';
export { MASK_SIZE, countMaskPixels, maskAreaMm2 } from './muscle-mask.js';
export { zipEntries } from './archive-writer.js';
export type { ArchiveEntry } from './archive-writer.js';
export { DEMO_TOKENS_FILE, demoTokenLines } from './demo-tokens-file.js';
