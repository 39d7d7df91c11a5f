import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from './common/auth/auth.module.js';
import { ClockModule } from './common/clock/clock.module.js';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter.js';
import { PathParamsPipe } from './common/http/path-params.pipe.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { BlobsModule } from './modules/blobs/blobs.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { FeedModule } from './modules/feed/feed.module.js';
import { LiveModule } from './modules/live/live.module.js';
import { AnnouncementsModule } from './modules/announcements/announcements.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { TeamsModule } from './modules/teams/teams.module.js';
import { SubmissionsModule } from './modules/submissions/submissions.module.js';
import { WebModule } from './modules/web/web.module.js';
import { JuryModule } from './modules/jury/jury.module.js';
import { ResultsModule } from './modules/results/results.module.js';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        DatabaseModule,
        ClockModule,
        FeedModule,
        AuthModule,
        BlobsModule,
        AuditModule,
        HealthModule,
        EventsModule,
        TeamsModule,
        DemoModule,
        SubmissionsModule,
        LiveModule,
        AnnouncementsModule,
        JuryModule,
        ResultsModule,
        WebModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: PathParamsPipe },
      ],
    };
  }
}
