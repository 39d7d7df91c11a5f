import { Module } from '@nestjs/common';
import { AdminEventsController } from './admin-events.controller.js';
import { EventImportRepository } from './event-import.repository.js';
import { EventImportService } from './event-import.service.js';
import { EventSigningKeys } from './event-signing-keys.js';
import { EventsController } from './events.controller.js';
import { AnswerCasesRepository } from './answer-cases.repository.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { ImportJobsService } from './import-jobs.service.js';

@Module({
  controllers: [EventsController, AdminEventsController],
  providers: [EventsRepository, AnswerCasesRepository, EventImportRepository, EventsService, EventImportService, ImportJobsService, EventSigningKeys],
  exports: [EventsRepository, EventsService, EventImportService, EventSigningKeys],
})
export class EventsModule {}
