// Entry point `podium audit verify` launches: `audit-verify-main <event>` with the database in
// DATABASE_URL or PODIUM_DATA_DIR. Prints the verdict; exit 0 intact, 1 broken, 2 cannot check,
// 3 a running server holds the embedded database.
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../../config/app-config.js';
import { describeVerdict, verifyAuditChain } from './audit-verify.js';

async function main(): Promise<number> {
  const event = process.argv[2];
  if (!event) {
    process.stderr.write('usage: audit-verify-main <event>\n');
    return 2;
  }
  let database;
  try {
    database = loadConfig(process.env).database;
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return 2;
  }
  const { code, out, err } = describeVerdict(event, await verifyAuditChain(database, event));
  if (out) process.stdout.write(`${out}\n`);
  if (err) process.stderr.write(`${err}\n`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
