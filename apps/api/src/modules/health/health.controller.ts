import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse, NodeHealthDetails } from '@podium/contracts';
import type { ServerResponse } from 'node:http';
import { AdminTokenGuard } from '../../common/auth/admin-token.guard.js';
import { wireSchema } from '../../openapi/wire-schema.js';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Readiness of this API node: 200 when it can take uploads (database up), 503 otherwise. What a proxy checks.' })
  @ApiOkResponse({ description: 'Ready', schema: wireSchema('HealthResponse') })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer: same body, ready false, Retry-After.', schema: wireSchema('HealthResponse') })
  async readiness(@Res({ passthrough: true }) response: ServerResponse): Promise<HealthResponse> {
    const answer = await this.health.summary();
    if (!answer.ready) {
      response.statusCode = 503;
      response.setHeader('Retry-After', '5');
    }
    return answer;
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (restart it if not). Does not touch the database.' })
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@ApiTags('health')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/health')
export class AdminHealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'This node for the organiser: health plus database latency, scoring queue depth and scoring lag' })
  @ApiOkResponse({ description: 'This node in detail', schema: wireSchema('NodeHealthDetails') })
  details(): Promise<NodeHealthDetails> {
    return this.health.details();
  }
}
