// `npm start` at the repository root: runs the built API (apps/api/dist).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('apps/api is not built: run `npm run build` first (npm start does it for you).');
  process.exit(1);
}
await import(entry);
