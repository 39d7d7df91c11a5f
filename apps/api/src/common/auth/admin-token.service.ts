// The admin bearer token. From PODIUM_ADMIN_TOKEN when set; otherwise generated at the first
// start, printed once, and only its sha256 kept (in app_setting) so restarts keep it valid.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { AuditRepository } from '../../modules/audit/audit.repository.js';
import { SettingsRepository } from '../../modules/settings/settings.repository.js';
import { generateToken, hashToken, tokenMatchesHash } from '../security/token.js';

const ADMIN_TOKEN_HASH = 'admin_token_sha256';

@Injectable()
export class AdminTokenService implements OnModuleInit {
  private readonly logger = new Logger('AdminToken');
  private hash = '';
  /** Set only on the start that generated the token, so it can be shown exactly once. */
  generatedToken: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.adminToken) {
      this.hash = hashToken(this.config.adminToken);
      const before = await this.settings.get(ADMIN_TOKEN_HASH);
      await this.settings.set(ADMIN_TOKEN_HASH, this.hash);
      // A setting change joins the server-wide audit chain (never the token, nor its hash).
      if (before !== this.hash) await this.audit.append({ event: '', actor: 'system', action: 'setting.change', target: 'setting:admin_token', details: { source: 'PODIUM_ADMIN_TOKEN' } });
      return;
    }
    const candidate = generateToken();
    // Several nodes may start at once on one PostgreSQL: only the one whose insert wins prints.
    if (await this.settings.setIfAbsent(ADMIN_TOKEN_HASH, hashToken(candidate))) {
      this.generatedToken = candidate;
      await this.audit.append({ event: '', actor: 'system', action: 'setting.change', target: 'setting:admin_token', details: { source: 'generated' } });
      this.logger.log('Generated an admin token (PODIUM_ADMIN_TOKEN was unset); it is printed once at start-up.');
    }
    this.hash = (await this.settings.get(ADMIN_TOKEN_HASH))!;
  }

  isAdminToken(token: string | undefined): boolean {
    return token !== undefined && tokenMatchesHash(token, this.hash);
  }
}
