import { Global, Module } from '@nestjs/common';
import { SettingsRepository } from '../../modules/settings/settings.repository.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { AdminTokenService } from './admin-token.service.js';
import { TokenAttemptsService } from './token-attempts.service.js';
import { FailureLimiterFactory } from '../security/failure-limiter.factory.js';

@Global()
@Module({
  providers: [SettingsRepository, AdminTokenService, AdminTokenGuard, FailureLimiterFactory, TokenAttemptsService],
  exports: [SettingsRepository, AdminTokenService, AdminTokenGuard, FailureLimiterFactory, TokenAttemptsService],
})
export class AuthModule {}
