// Builds the HTTP application the same way for `main.ts` and for the integration tests.
import { type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { LiveIoAdapter } from './modules/live/live-io.adapter.js';
import { securityHeaders } from './common/http/security-headers.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';

export interface CreateAppOptions {
  logger?: LoggerService | LogLevel[] | false;
}

/** JSON bodies are small (commands, not files): files go through routes that stream them. */
const JSON_BODY_LIMIT = '1mb';

export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), appOptions(options));
  return configureApp(app, config);
}

/** Options of the Nest application (the bench passes them to its own module's application). */
export const appOptions = (options: CreateAppOptions = {}) => ({ bodyParser: false, logger: options.logger ?? ['log', 'warn', 'error'] }) as const;

/** Everything after the module is built: middleware, OpenAPI, the live transport, init. */
export async function configureApp(app: NestExpressApplication, config: AppConfig): Promise<NestExpressApplication> {
  // First middleware: every answer carries the security headers, errors and static files included.
  app.use(securityHeaders());
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.setGlobalPrefix('api');
  app.disable('x-powered-by');
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);

  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  // Live feed transport: socket.io, with the Redis adapter across API nodes when REDIS_URL is set.
  const io = new LiveIoAdapter(app, config.allowedOrigins);
  if (config.redisUrl) await io.connectToRedis(config.redisUrl);
  app.useWebSocketAdapter(io);

  await app.init();
  return app;
}
