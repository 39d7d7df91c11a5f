import { Global, Module } from '@nestjs/common';
import { SettingsRepository } from '../../modules/settings/settings.repository.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { AdminTokenService } from './admin-token.service.js';

@Global()
@Module({
  providers: [SettingsRepository, AdminTokenService, AdminTokenGuard],
  exports: [SettingsRepository, AdminTokenService, AdminTokenGuard],
})
export class AuthModule {}
