// Browser entry points beside /api: the landing page at `/`, the big screen at `/screen`, and the
// team view / jury console mounts. Plain Express routes (outside the `api` global prefix),
// registered after Nest's routes and before its 404 handler, so they never shadow /api/* and
// socket.io keeps /socket.io.
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { EventsModule } from '../events/events.module.js';
import type { ExpressLike } from './express-types.js';
import { LandingPageService } from './landing-page.service.js';
import { webAppHandler } from './web-app.handler.js';
import { isBuilt, resolveWebApp, WEB_APPS } from './web-apps.js';
import { pickLanguage } from './web-language.js';
import { sendText, sendHtml } from './web-responses.js';

@Module({
  imports: [EventsModule],
  providers: [LandingPageService],
})
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly landing: LandingPageService,
  ) {}

  onModuleInit(): void {
    // No HTTP server (an application context built for a script): nothing to serve.
    const instance = this.adapterHost.httpAdapter?.getInstance() as ExpressLike | undefined;
    if (!instance || typeof instance.use !== 'function') return;

    const apps = WEB_APPS.map((spec) => resolveWebApp(spec));
    const team = apps.find((app) => app.name === 'team')!;
    const jury = apps.find((app) => app.name === 'jury')!;
    instance.get('/', (request, response) => {
      const lang = pickLanguage(request.query['lang'], request.headers['accept-language']);
      this.landing
        .render(lang, { team: isBuilt(team), jury: isBuilt(jury) })
        .then((html) => sendHtml(response, 200, html, request.method))
        .catch((error: unknown) => {
          this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
          if (!response.headersSent) sendText(response, 500, 'The landing page could not be rendered; see the server log. The API is at /api/docs.\n');
        });
    });
    for (const app of apps) {
      instance.use(app.mount, webAppHandler(app));
      if (!isBuilt(app)) {
        this.logger.warn(`${app.mount}: no built files in ${app.dir} - run \`npm run build\` (or set ${app.envVar}).`);
      }
    }
  }
}
