import { Controller, Get } from '@nestjs/common';
import { LiveHubsService } from './live-hubs.service.js';

/** `GET /api/live/health`: this node's live feed (sockets, followed events, log positions, emits). */
@Controller('live')
export class LiveHealthController {
  constructor(private readonly hubs: LiveHubsService) {}

  @Get('health')
  health() {
    return { status: 'ok', ...this.hubs.stats() };
  }
}
