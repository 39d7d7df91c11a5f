import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { unauthorized } from '../errors/domain-error.js';
import { bearerToken } from '../security/token.js';
import { AdminTokenService } from './admin-token.service.js';

/** Admin routes: `Authorization: Bearer <admin token>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(private readonly adminTokens: AdminTokenService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    if (!this.adminTokens.isAdminToken(bearerToken(request.headers.authorization))) {
      throw unauthorized('This route needs the admin token: send Authorization: Bearer <PODIUM_ADMIN_TOKEN>.');
    }
    return true;
  }
}
