// Process entry point: validate the environment, open the database (migrations run), seed the
// demo on an empty database, listen, and print where everything is.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventSummary, ImportEventResponse } from '@podium/contracts';
import { DEMO_TOKENS_FILE, demoTokenLines } from '@podium/demo';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { AdminTokenService } from './common/auth/admin-token.service.js';
import { DemoSeedService } from './modules/demo/demo-seed.service.js';
import { juryBanner, membersWithoutPassword, type MemberWithoutPassword } from './modules/jury/jury-banner.js';
import { DataSource } from 'typeorm';
import { EventsService } from './modules/events/events.service.js';
import { installProcessGuards } from './common/process/process-guards.js';
import { StopSignals } from './common/process/stop-signals.js';
import { warmHttpPath } from './common/http/http-warmup.js';

function startupBanner(config: AppConfig, events: EventSummary[], secrets: string[], jury: MemberWithoutPassword[]): string {
  const base = config.publicUrl;
  // A screen URL that works as printed: one per event (a bare /screen lists them).
  const screens = events.length > 0 ? events.slice(0, 5).map((event) => `${base}/screen?event=${encodeURIComponent(event.slug)}`) : [`${base}/screen`];
  const lines = [
    '',
    `Podium is up (${config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir}` : 'PostgreSQL'}).`,
    `  start here   ${base}/`,
    ...screens.map((url) => `  big screen   ${url}`),
    `  team view    ${base}/team`,
    `  jury console ${base}/jury`,
    `  API docs     ${base}/api/docs`,
    ...secrets,
    ...juryBanner(jury, `${base}/jury`),
  ];
  return lines.join('\n') + '\n';
}

/** The tokens this start generated: printed once, since only their hashes are stored. */
function secretLines(base: string, adminToken: string | undefined, demo: ImportEventResponse | null, tokensFile: string | null): string[] {
  const lines: string[] = [];
  if (adminToken) {
    lines.push('', `Admin token (shown once, only its hash is stored; set PODIUM_ADMIN_TOKEN to choose one):`, `  ${adminToken}`);
  }
  if (demo) {
    lines.push('', `Demo event "${demo.slug}" imported. Team tokens (shown once):`);
    for (const team of demo.teams) lines.push(`  ${team.slug.padEnd(24)} ${team.token}`);
    lines.push(`A phone signs in with the link ${base}/team#token=<token> (or a QR code of it).`);
    if (tokensFile) lines.push('', `Also kept for \`npm run demo:simulate\` in ${tokensFile} (readable by you only).`);
  }
  return lines;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // Before anything generates a secret: a stop asked for during start-up waits for the banner.
  const stop = new StopSignals().install();
  const app = await createApp(config);
  // From here on the server is up: an error nobody handled is logged, not fatal.
  installProcessGuards();
  const adminToken = app.get(AdminTokenService).generatedToken;
  const adminOnly = secretLines(config.publicUrl, adminToken, null, null);
  stop.holdSecrets(adminOnly);
  try {
    if (stop.stopRequested) {
      // Stopped before listening: print the admin token, not "Podium is up".
      stop.printHeldSecrets();
    } else {
      // Listen first: health answers while the demo (a few seconds of data generation) is imported.
      await app.listen(config.port, config.host);
      await warmHttpPath(app.getHttpServer());
      const demo = await app.get(DemoSeedService).seedIfEmpty();
      const tokensFile = demo && config.database.kind === 'pglite' ? await keepDemoTokens(config.database.dataDir, demo) : null;
      const secrets = secretLines(config.publicUrl, adminToken, demo, tokensFile);
      stop.holdSecrets(secrets);
      const events = await app.get(EventsService).list();
      process.stdout.write(startupBanner(config, events, secrets, await membersWithoutPassword(app.get(DataSource))));
    }
  } catch (error) {
    // A start-up that fails after generating a token still shows it: the next start will not.
    stop.printHeldSecrets();
    throw error;
  }
  // Graceful stop: stop accepting connections, let modules finish their shutdown hooks (workers,
  // database), then exit 0.
  stop.started(() => app.close());
}

/** The demo's team tokens, for the simulator on this machine: owner-only, beside the database. */
async function keepDemoTokens(dataDir: string, demo: ImportEventResponse): Promise<string> {
  const file = join(dataDir, DEMO_TOKENS_FILE);
  await writeFile(file, demoTokenLines(demo.teams), { mode: 0o600 });
  await chmod(file, 0o600); // writeFile's mode applies only to a new file
  return file;
}

main().catch((error: unknown) => {
  new Logger('Bootstrap').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
