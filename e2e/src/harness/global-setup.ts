// Fails fast, saying what to do, when something the suite needs is missing.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { API_ENTRY, ARTIFACTS_DIR, CHROMIUM, JURY_DIST, SCREEN_DIST, TEAM_DIST } from './paths.js';

export default function setup(): void {
  const missing: string[] = [];
  if (!existsSync(API_ENTRY)) missing.push(`the API is not built (${API_ENTRY}): run \`npm run build\` at the repository root`);
  if (!existsSync(join(SCREEN_DIST, 'index.html'))) missing.push(`the big screen is not built (${SCREEN_DIST}): run \`npm run build\` at the repository root`);
  if (!existsSync(join(JURY_DIST, 'index.html'))) missing.push(`the jury console is not built (${JURY_DIST}): run \`npm run build\` at the repository root`);
  if (!existsSync(join(TEAM_DIST, 'index.html'))) missing.push(`the team view is not built (${TEAM_DIST}): run \`npm run build\` at the repository root`);
  if (!existsSync(CHROMIUM)) missing.push(`no Chromium at ${CHROMIUM}: \`apt-get install -y chromium\` (or set PODIUM_E2E_CHROMIUM)`);
  if (missing.length > 0) throw new Error(`e2e cannot run:\n- ${missing.join('\n- ')}`);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
}
