import { Module } from '@nestjs/common';
import { LeaderboardModule } from '../leaderboard/leaderboard.module.js';
import { ScoringJobsModule } from '../scoring-jobs/scoring-jobs.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { IntakeWarmup } from './intake-warmup.js';
import { SubmissionsController } from './submissions.controller.js';
import { SubmissionsRepository } from './submissions.repository.js';
import { SubmissionsService } from './submissions.service.js';

@Module({
  imports: [TeamsModule, LeaderboardModule, ScoringJobsModule.register('api')],
  controllers: [SubmissionsController],
  providers: [SubmissionsRepository, SubmissionsService, IntakeWarmup],
  // ScoringJobsModule is re-exported (not registered twice): one queue, one start-up resume.
  exports: [SubmissionsService, ScoringJobsModule],
})
export class SubmissionsModule {}
