import { readFileSync } from 'node:fs';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@podium/contracts';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { wireSchema } from '../../openapi/wire-schema.js';

// Same depth under src/ and dist/, so this resolves in tests and in the build.
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database reachability' })
  @ApiOkResponse({ description: 'Alive, and the database answered', schema: wireSchema('HealthResponse') })
  async health(): Promise<HealthResponse> {
    await this.dataSource.query('SELECT 1');
    return {
      status: 'ok',
      database: this.config.database.kind,
      version: VERSION,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
