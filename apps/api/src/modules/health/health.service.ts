import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import type { HealthResponse } from '@podium/contracts';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { HealthRepository } from './health.repository.js';

// Same depth under src/ and dist/, so this resolves in tests and in the build.
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

@Injectable()
export class HealthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: HealthRepository,
  ) {}

  /** Alive once the database answered; a database that does not answer fails the request (500). */
  async health(): Promise<HealthResponse> {
    await this.database.ping();
    return { status: 'ok', database: this.config.database.kind, version: VERSION, uptimeSeconds: Math.round(process.uptime()) };
  }
}
