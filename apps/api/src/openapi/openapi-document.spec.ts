import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateOpenApiDocument, openApiText } from './openapi-document.js';

const COMMITTED = new URL('../../openapi.json', import.meta.url);

describe('apps/api/openapi.json', () => {
  it('is the document the controllers and the contracts generate (no drift)', async () => {
    const generated = openApiText(await generateOpenApiDocument());
    if (generated !== readFileSync(COMMITTED, 'utf8')) {
      expect.fail('apps/api/openapi.json is stale: run `npm run openapi:generate -w @podium/api` and commit the file.');
    }
  });

  it('documents answers with the contracts schemas, by reference', async () => {
    const document = await generateOpenApiDocument();
    const accepted = document.paths['/api/events/{event}/tasks/{task}/submissions']?.post?.responses['202'] as { content: Record<string, { schema: unknown }> };
    expect(accepted.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/SubmissionAccepted' });
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(expect.arrayContaining(['SubmissionAccepted', 'SubscribeRequest', 'AnnouncementBody']));
  });
});
