// The browser apps the API serves beside /api, and where their built files live.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type WebAppName = 'screen' | 'team' | 'jury';

export interface WebAppSpec {
  name: WebAppName;
  /** URL mount point (no trailing slash). */
  mount: `/${string}`;
  /** Folder under apps/ holding the Svelte app; its `vite build` output is `dist/`. */
  appDir: string;
  /** Environment variable that points at another folder of built files. */
  envVar: string;
}

export const WEB_APPS: readonly WebAppSpec[] = [
  { name: 'screen', mount: '/screen', appDir: 'scoreboard', envVar: 'PODIUM_WEB_DIR' },
  { name: 'team', mount: '/team', appDir: 'team', envVar: 'PODIUM_TEAM_WEB_DIR' },
  { name: 'jury', mount: '/jury', appDir: 'jury', envVar: 'PODIUM_JURY_WEB_DIR' },
];

export interface ResolvedWebApp extends WebAppSpec {
  /** Absolute folder of the built files (it may not exist yet). */
  dir: string;
  /** Where `dir` came from, for the 503 page and the logs. */
  source: 'env' | 'default';
}

/**
 * This file sits at apps/api/{src|dist}/modules/web/ - the same depth from source (tests, dev)
 * and from the build - so apps/<app>/dist is four levels up whatever the working directory.
 */
const APPS_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function resolveWebApp(spec: WebAppSpec, env: NodeJS.ProcessEnv = process.env, appsRoot = APPS_ROOT): ResolvedWebApp {
  const override = env[spec.envVar]?.trim();
  if (override) return { ...spec, dir: isAbsolute(override) ? override : resolve(process.cwd(), override), source: 'env' };
  return { ...spec, dir: resolve(appsRoot, spec.appDir, 'dist'), source: 'default' };
}

/** Built = its index.html exists (checked per request, so a build after start is picked up). */
export function isBuilt(app: ResolvedWebApp): boolean {
  return existsSync(resolve(app.dir, 'index.html'));
}
