// Writes a migration with the schema diff between the entities and the committed migrations,
// computed on a throwaway PGlite database:
//   npm run migration:generate -w @podium/api -- <kebab-name>
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDataSource } from '../src/database/data-source.factory.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: generate-migration <kebab-case-name>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'podium-migration-'));
const dataSource = await openDataSource({ kind: 'pglite', dataDir: dir });
const sql = await dataSource.driver.createSchemaBuilder().log();
await dataSource.destroy();
rmSync(dir, { recursive: true, force: true });
if (sql.upQueries.length === 0) {
  console.log('No schema change: nothing to generate.');
  process.exit(0);
}
const timestamp = Date.now();
const className = name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()) + timestamp;
const quote = (query: string) => '`' + query.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
const body = (queries: { query: string }[]) =>
  queries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
const file = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${body(sql.upQueries)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${body([...sql.downQueries].reverse())}
  }
}
`;
const target = fileURLToPath(new URL(`../src/database/migrations/${timestamp}-${name}.ts`, import.meta.url));
writeFileSync(target, file);
console.log(`Wrote ${target}; add ${className} to src/database/migrations/index.ts.`);
