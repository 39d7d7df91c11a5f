// The real built API (`node apps/api/dist/main.js`, what `npm start` runs) through the shared
// spawner of @podium/test-support, on a free port, with embedded PGlite in a temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportEventResponse } from '@podium/contracts';
import { ApiProcess as RunningApi, freePort } from '@podium/test-support';

export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdefghijkl';

export class ApiProcess extends RunningApi {
  private constructor(
    port: number,
    readonly dataDir: string,
  ) {
    super('built', port, {
      PODIUM_DATA_DIR: dataDir,
      PODIUM_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      PODIUM_PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: '', // the embedded default, even when CI exports PostgreSQL
      REDIS_URL: '',
    });
  }

  static async start(): Promise<ApiProcess> {
    const api = new ApiProcess(await freePort(), mkdtempSync(join(tmpdir(), 'podium-e2e-')));
    await api.boot();
    return api;
  }

  async dispose(): Promise<void> {
    await this.kill('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async importBundle(zip: Uint8Array): Promise<ImportEventResponse> {
    const res = await fetch(`${this.url}/api/admin/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${E2E_ADMIN_TOKEN}`, 'Content-Type': 'application/zip' },
      body: new Uint8Array(zip), // an ArrayBuffer-backed copy, as fetch types want
    });
    const body = await res.text();
    if (res.status !== 201 && res.status !== 200) throw new Error(`bundle import answered ${res.status}: ${body}`);
    return JSON.parse(body) as ImportEventResponse;
  }
}
