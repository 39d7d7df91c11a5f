import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { JuryAuthModule } from '../jury/jury-auth.module.js';
import { JuryModule } from '../jury/jury.module.js';
import { LeaderboardModule } from '../leaderboard/leaderboard.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { ResultsAudienceResolver } from './results-audience.js';
import { ResultsController } from './results.controller.js';
import { ResultsService } from './results.service.js';

/** `GET /api/events/:event/results`: the signed final results (see README.md). */
@Module({
  imports: [EventsModule, JuryModule, JuryAuthModule, TeamsModule, LeaderboardModule],
  controllers: [ResultsController],
  providers: [ResultsService, ResultsAudienceResolver],
})
export class ResultsModule {}
