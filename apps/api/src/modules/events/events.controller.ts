import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventDetails, EventSummary } from '@podium/contracts';
import { EventsService } from './events.service.js';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'List events (slug, title)' })
  @ApiOkResponse({ description: 'EventSummary[]' })
  list(): Promise<EventSummary[]> {
    return this.events.list();
  }

  @Get(':event')
  @ApiOperation({ summary: 'Public view of an event: tasks with windows and state, teams' })
  @ApiOkResponse({ description: 'EventDetails (see @podium/contracts)' })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event' })
  details(@Param('event') slug: string): Promise<EventDetails> {
    return this.events.details(slug);
  }
}
