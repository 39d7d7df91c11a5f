import { Module } from '@nestjs/common';
import { AdminEventsController } from './admin-events.controller.js';
import { EventImportService } from './event-import.service.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { ImportJobsService } from './import-jobs.service.js';

@Module({
  controllers: [EventsController, AdminEventsController],
  providers: [EventsRepository, EventsService, EventImportService, ImportJobsService],
  exports: [EventsRepository, EventsService, EventImportService],
})
export class EventsModule {}
