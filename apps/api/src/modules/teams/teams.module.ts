import { Module } from '@nestjs/common';
import { AdminTeamsController } from './admin-teams.controller.js';
import { TeamAuthGuard } from './team-auth.guard.js';
import { TeamsRepository } from './teams.repository.js';
import { TeamsService } from './teams.service.js';

@Module({
  controllers: [AdminTeamsController],
  providers: [TeamsRepository, TeamsService, TeamAuthGuard],
  exports: [TeamsRepository, TeamsService, TeamAuthGuard],
})
export class TeamsModule {}
