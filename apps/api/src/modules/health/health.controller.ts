import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@podium/contracts';
import { wireSchema } from '../../openapi/wire-schema.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly healthService: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database reachability' })
  @ApiOkResponse({ description: 'Alive, and the database answered', schema: wireSchema('HealthResponse') })
  health(): Promise<HealthResponse> {
    return this.healthService.health();
  }
}
