import { Injectable } from '@nestjs/common';
import type { EventDetails, Language } from '@podium/contracts';
import { EventsService } from '../events/events.service.js';
import { renderLandingPage } from './landing-page.renderer.js';

@Injectable()
export class LandingPageService {
  constructor(private readonly events: EventsService) {}

  async render(lang: Language, ready: { team: boolean; jury: boolean }): Promise<string> {
    const summaries = await this.events.list();
    const details: EventDetails[] = [];
    for (const summary of summaries) {
      // An event deleted between the two reads simply drops out of the page.
      const found = await this.events.details(summary.slug).catch(() => null);
      if (found) details.push(found);
    }
    return renderLandingPage({ events: details, lang, ready });
  }
}
