import { Module } from '@nestjs/common';
import { AnnouncementsModule } from '../announcements/announcements.module.js';
import { EventsModule } from '../events/events.module.js';
import { LeaderboardModule } from '../leaderboard/leaderboard.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { CeremonyController } from './ceremony.controller.js';
import { CeremonyService } from './ceremony.service.js';
import { AdminJuryController } from './admin-jury.controller.js';
import { DirectorService } from './director.service.js';
import { JuryActionsService } from './jury-actions.service.js';
import { JuryAuthGuard } from './jury-auth.guard.js';
import { JuryAuthModule } from './jury-auth.module.js';
import { JurySessionController } from './jury-session.controller.js';
import { JuryViewService } from './jury-view.service.js';
import { JuryController } from './jury.controller.js';
import { RescoreService } from './rescore.service.js';
import { FinalizeService } from './finalize.service.js';
import { VerificationService } from './verification.service.js';
import { RobustnessService } from './robustness.service.js';

@Module({
  imports: [JuryAuthModule, EventsModule, LeaderboardModule, SubmissionsModule, AnnouncementsModule],
  controllers: [JurySessionController, AdminJuryController, JuryController, CeremonyController],
  providers: [JuryAuthGuard, JuryViewService, JuryActionsService, RescoreService, DirectorService, VerificationService, FinalizeService, RobustnessService, CeremonyService],
  // The signed results (../results) rank with the same board as the console.
  exports: [JuryViewService],
})
export class JuryModule {}
