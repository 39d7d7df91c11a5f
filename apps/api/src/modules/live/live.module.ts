import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { LeaderboardModule } from '../leaderboard/leaderboard.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { JURY_SESSION_RESOLVER, NoJurySessions } from './jury-session.resolver.js';
import { LiveAdmission } from './live-admission.js';
import { LiveAudienceResolver } from './live-audience.resolver.js';
import { AdminLiveHealthController, LiveHealthController } from './live-health.controller.js';
import { LiveHubsService } from './live-hubs.service.js';
import { LiveStateService } from './live-state.service.js';
import { LiveGateway } from './live.gateway.js';

@Module({
  imports: [EventsModule, TeamsModule, LeaderboardModule],
  controllers: [LiveHealthController, AdminLiveHealthController],
  providers: [
    LiveStateService,
    LiveAudienceResolver,
    LiveHubsService,
    LiveAdmission,
    LiveGateway,
    // The jury issue replaces this binding with its session store.
    { provide: JURY_SESSION_RESOLVER, useClass: NoJurySessions },
  ],
  exports: [LiveHubsService, LiveStateService, JURY_SESSION_RESOLVER],
})
export class LiveModule {}
