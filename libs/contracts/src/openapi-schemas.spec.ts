import { describe, expect, it } from 'vitest';
import { openApiComponentSchemas, WIRE_SCHEMAS } from './openapi-schemas.js';

describe('openApiComponentSchemas', () => {
  const schemas = openApiComponentSchemas();

  it('writes one OpenAPI 3.0 component per wire schema, without JSON Schema ids', () => {
    expect(Object.keys(schemas).sort()).toEqual(Object.keys(WIRE_SCHEMAS).sort());
    for (const schema of Object.values(schemas)) expect(schema).not.toHaveProperty('$id');
  });

  it('refers to a nested wire schema by its component, and keeps the field docs', () => {
    const details = schemas.EventDetails as { properties: Record<string, { $ref?: string; items?: { $ref: string }; description?: string }> };
    expect(details.properties.title?.$ref).toBe('#/components/schemas/LocalizedText');
    expect(details.properties.tasks?.items?.$ref).toBe('#/components/schemas/TaskDetails');
    expect(details.properties.resultsPublicKey?.description).toMatch(/Ed25519/);
  });

  it('writes nullable fields the OpenAPI 3.0 way', () => {
    const accepted = schemas.SubmissionDetails as { properties: Record<string, { nullable?: boolean }> };
    expect(accepted.properties.settledAt?.nullable).toBe(true);
  });
});
