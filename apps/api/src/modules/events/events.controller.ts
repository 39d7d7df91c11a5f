import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventDetails, EventSummary } from '@podium/contracts';
import { EventsService } from './events.service.js';
import { wireSchema, wireSchemaArray } from '../../openapi/wire-schema.js';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'List events (slug, title)' })
  @ApiOkResponse({ description: 'Every event, by slug', schema: wireSchemaArray('EventSummary') })
  list(): Promise<EventSummary[]> {
    return this.events.list();
  }

  @Get(':event')
  @ApiOperation({ summary: 'Public view of an event: tasks with windows and state, teams' })
  @ApiOkResponse({ description: 'The public view of the event', schema: wireSchema('EventDetails') })
  @ApiNotFoundResponse({ description: 'problem+json: unknown event', schema: wireSchema('ProblemDetails') })
  details(@Param('event') slug: string): Promise<EventDetails> {
    return this.events.details(slug);
  }
}
