import { Module } from '@nestjs/common';
import { LeaderboardModule } from '../leaderboard/leaderboard.module.js';
import { LiveModule } from '../live/live.module.js';
import { AdminAnnouncementsController } from './admin-announcements.controller.js';
import { AnnouncementsService } from './announcements.service.js';
import { ClockTickerService } from './clock-ticker.service.js';

@Module({
  imports: [LiveModule, LeaderboardModule],
  controllers: [AdminAnnouncementsController],
  providers: [AnnouncementsService, ClockTickerService],
  exports: [ClockTickerService, AnnouncementsService],
})
export class AnnouncementsModule {}
