import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { unauthorized } from '../errors/domain-error.js';
import { bearerToken } from '../security/token.js';
import { AdminTokenService } from './admin-token.service.js';
import { TokenAttemptsService } from './token-attempts.service.js';

/** Admin routes: `Authorization: Bearer <admin token>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly adminTokens: AdminTokenService,
    private readonly attempts: TokenAttemptsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined) await this.attempts.assertAllowed(request);
    if (!this.adminTokens.isAdminToken(token)) {
      if (token !== undefined) await this.attempts.recordFailure(request, 'admin');
      throw unauthorized('This route needs the admin token: send Authorization: Bearer <PODIUM_ADMIN_TOKEN>.');
    }
    return true;
  }
}
