// On an empty database the server imports the demo event (the 2019 final, windows placed around
// now) through the regular import path, so a fresh clone shows a live round at once.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ImportEventResponse } from '@podium/contracts';
import { buildDemoBundle, DEMO_SEED } from '@podium/demo';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/app-config.token.js';
import { EventImportService } from '../events/event-import.service.js';
import { EventsRepository } from '../events/events.repository.js';

@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: EventsRepository,
    private readonly importer: EventImportService,
  ) {}

  /** Imports the demo when enabled and no event exists; returns the import answer, or null. */
  async seedIfEmpty(now = new Date()): Promise<ImportEventResponse | null> {
    if (!this.config.demo || (await this.events.count()) > 0) return null;
    this.logger.log('Empty database: importing the demo event (PODIUM_DEMO=off disables this).');
    try {
      return await this.importer.importZip(buildDemoBundle({ seed: DEMO_SEED, now }), 'system:demo');
    } catch (error) {
      // Another node sharing the database may have seeded it a moment earlier.
      if ((await this.events.count()) > 0) return null;
      throw error;
    }
  }
}
