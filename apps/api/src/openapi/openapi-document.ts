// The OpenAPI document: routes from the controllers' decorators, `components.schemas` from the
// wire schemas of `@podium/contracts`. Served at /api/docs and committed as apps/api/openapi.json
// (test/openapi.spec.ts fails when the committed file is stale).
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { openApiComponentSchemas } from '@podium/contracts';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Podium API')
      .setDescription('Live rounds of AI data challenges: events, teams, submissions, leaderboards.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  const schemas = openApiComponentSchemas() as NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...schemas } };
  return document;
}

/**
 * The same document without a server: Nest's preview mode builds the module graph without
 * running a provider, so no database is opened and nothing listens.
 */
export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({ PODIUM_DEMO: 'off', PODIUM_ADMIN_TOKEN: 'openapi-generation-only-0123456789' });
  const app = await NestFactory.create(AppModule.register(config), { preview: true, logger: false });
  try {
    app.setGlobalPrefix('api');
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The committed file's text: stable key order as Swagger builds it, two-space indent, final newline. */
export const openApiText = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;
