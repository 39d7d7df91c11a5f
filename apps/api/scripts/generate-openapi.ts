// Writes apps/api/openapi.json from the controllers and the contracts' schemas (no database):
//   npm run openapi:generate -w @podium/api
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenApiDocument, openApiText } from '../src/openapi/openapi-document.js';

const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
writeFileSync(target, openApiText(await generateOpenApiDocument()));
console.log(`Wrote ${target}`);
