import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { LeaderboardModule } from '../leaderboard/leaderboard.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { JuryAuthModule } from '../jury/jury-auth.module.js';
import { JuryAuthService } from '../jury/jury-auth.service.js';
import { ClockTickerService } from './clock-ticker.service.js';
import { JURY_SESSION_RESOLVER } from './jury-session.resolver.js';
import { LiveAdmission } from './live-admission.js';
import { LiveAudienceResolver } from './live-audience.resolver.js';
import { LiveEmitter } from './live-emitter.js';
import { AdminLiveHealthController, LiveHealthController } from './live-health.controller.js';
import { LiveHubsService } from './live-hubs.service.js';
import { LiveStateService } from './live-state.service.js';
import { LiveGateway } from './live.gateway.js';

@Module({
  imports: [EventsModule, TeamsModule, LeaderboardModule, JuryAuthModule],
  controllers: [LiveHealthController, AdminLiveHealthController],
  providers: [
    LiveStateService,
    LiveAudienceResolver,
    LiveEmitter,
    LiveHubsService,
    LiveAdmission,
    LiveGateway,
    ClockTickerService,
    // Jury session tokens open the jury audience (sessions: jury/jury-auth.service.ts).
    { provide: JURY_SESSION_RESOLVER, useExisting: JuryAuthService },
  ],
  exports: [LiveHubsService, LiveStateService, ClockTickerService, JURY_SESSION_RESOLVER],
})
export class LiveModule {}
