// Shared Vitest settings: workspace libraries resolve to their TypeScript sources,
// so tests never depend on a previous build.
import { fileURLToPath } from 'node:url';

const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url));

export const podiumAliases = {
  '@podium/contracts': lib('contracts'),
  '@podium/scoring': lib('scoring'),
  '@podium/demo': lib('demo'),
  '@podium/rules': lib('rules'),
  '@podium/event-bundle': lib('event-bundle'),
  '@podium/live-client': lib('live-client'),
};
