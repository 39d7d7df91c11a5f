import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../common/auth/admin-token.guard.js';
import { ApiTokenChecked } from '../../common/auth/api-token-checked.decorator.js';
import { LiveHubsService } from './live-hubs.service.js';

/**
 * `GET /api/live/health`: only that the live feed is up. Its details (log positions, entries,
 * board builds) moved with the freeze: watching them told whether a post-freeze upload was
 * scored or rejected.
 */
@ApiTags('live')
@Controller('live')
export class LiveHealthController {
  @Get('health')
  @ApiOperation({ summary: 'Whether the live feed is up (details: GET /api/admin/live/health)' })
  @ApiOkResponse({ description: '{ status: "ok" }' })
  health() {
    return { status: 'ok' };
  }
}

/** `GET /api/admin/live/health`: this node's live feed (sockets, followed events, log positions, emits). */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@ApiTokenChecked('admin')
@Controller('admin/live')
export class AdminLiveHealthController {
  constructor(private readonly hubs: LiveHubsService) {}

  @Get('health')
  @ApiOperation({ summary: "This node's live feed: process, sockets, wake-ups, per event log position and emit counters" })
  @ApiOkResponse({ description: '{ status, node, multiNode, sockets, wakeups, events: [{ event, position, stats }] }' })
  health() {
    return { status: 'ok', ...this.hubs.stats() };
  }
}
