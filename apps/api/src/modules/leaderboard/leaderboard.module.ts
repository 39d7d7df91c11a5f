import { Module } from '@nestjs/common';
import { LeaderboardRefresher } from './leaderboard-refresher.js';
import { LeaderboardController } from './leaderboard.controller.js';
import { LeaderboardSnapshotRepository } from './leaderboard-snapshot.repository.js';
import { LeaderboardService } from './leaderboard.service.js';
import { RoundTruthRepository } from './round-truth.repository.js';

@Module({
  controllers: [LeaderboardController],
  providers: [RoundTruthRepository, LeaderboardSnapshotRepository, LeaderboardService, LeaderboardRefresher],
  exports: [RoundTruthRepository, LeaderboardService, LeaderboardRefresher],
})
export class LeaderboardModule {}
