import { Module } from '@nestjs/common';
import { JuryAuthService } from './jury-auth.service.js';
import { JuryLoginLimiter } from './jury-login-limiter.js';

/** Accounts and sessions alone, so the live feed can resolve session tokens without the rest of the jury module. */
@Module({
  providers: [JuryAuthService, JuryLoginLimiter],
  exports: [JuryAuthService, JuryLoginLimiter],
})
export class JuryAuthModule {}
