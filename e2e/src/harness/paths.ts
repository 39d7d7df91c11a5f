// Where the built artefacts the suite drives live, from this file's location (any working directory).
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const API_ENTRY = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));
export const SCREEN_DIST = fileURLToPath(new URL('../../../apps/scoreboard/dist/', import.meta.url));
export const JURY_DIST = fileURLToPath(new URL('../../../apps/jury/dist/', import.meta.url));
export const TEAM_DIST = fileURLToPath(new URL('../../../apps/team/dist/', import.meta.url));
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../artifacts/', import.meta.url));
export const CHROMIUM = process.env['PODIUM_E2E_CHROMIUM'] || '/usr/bin/chromium';
