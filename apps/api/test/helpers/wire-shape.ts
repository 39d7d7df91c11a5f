// An answer checked against its `@podium/contracts` schema: it parses, and parsing drops no
// member (zod strips what a schema does not know, so a field the schema misses shows up as a
// difference). Returns the body with its inferred type.
import { WIRE_SCHEMAS, type WireSchemaName } from '@podium/contracts';
import { expect } from 'vitest';
import type { z } from 'zod';

export function wireBody<N extends WireSchemaName>(name: N, body: unknown): z.infer<(typeof WIRE_SCHEMAS)[N]> {
  const parsed = WIRE_SCHEMAS[name].safeParse(body);
  if (!parsed.success) expect.fail(`${name}: the answer does not match its schema: ${parsed.error.message}`);
  expect(parsed.data, `${name}: the answer has members its schema does not describe`).toEqual(body);
  return parsed.data as z.infer<(typeof WIRE_SCHEMAS)[N]>;
}
