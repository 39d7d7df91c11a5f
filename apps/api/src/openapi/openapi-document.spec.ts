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

  it('documents the jury console and the signed results with the contracts schemas too', async () => {
    const document = await generateOpenApiDocument();
    const answer = (path: string, method: 'get' | 'post', status: string, type = 'application/json') =>
      ((document.paths[path]?.[method]?.responses[status] as { content?: Record<string, { schema: unknown }> } | undefined)?.content?.[type]?.schema);
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    expect(answer('/api/jury/events/{event}/tasks/{task}/board', 'get', '200')).toEqual(ref('JuryBoardResponse'));
    expect(answer('/api/jury/events/{event}/tasks/{task}/robustness', 'get', '200')).toEqual(ref('RobustnessResponse'));
    expect(answer('/api/jury/events/{event}/ceremony/next', 'post', '200')).toEqual(ref('CeremonyNextResponse'));
    expect(answer('/api/jury/session', 'post', '201')).toEqual(ref('JurySessionResponse'));
    expect(answer('/api/jury/session', 'post', '429')).toEqual(ref('TooManyAttemptsProblem'));
    expect(answer('/api/admin/events/{event}/audit/verify', 'get', '200')).toEqual(ref('AuditVerifyResponse'));
    expect(answer('/api/events/{event}/results', 'get', '200')).toEqual(ref('ResultsDocument'));
    expect(answer('/api/events/{event}/results', 'get', '200', 'text/csv')).toEqual({ type: 'string' });
    // Every jury and results answer is a schema now: none is described by its type name only.
    for (const [path, item] of Object.entries(document.paths).filter(([path]) => path.startsWith('/api/jury/') || path.endsWith('/results'))) {
      for (const [method, operation] of Object.entries(item as Record<string, { responses?: Record<string, { content?: unknown }> }>)) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (status !== '204' && !path.endsWith('/file')) expect(response.content, `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
  });
});
