import { Module } from '@nestjs/common';
import { AdminEventsController } from './admin-events.controller.js';
import { EventImportService } from './event-import.service.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

@Module({
  controllers: [EventsController, AdminEventsController],
  providers: [EventsRepository, EventsService, EventImportService],
  exports: [EventsRepository, EventsService, EventImportService],
})
export class EventsModule {}
