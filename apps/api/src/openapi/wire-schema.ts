// Swagger decorators point at the `@podium/contracts` schemas by component name; the components
// themselves are generated from the zod schemas (openapi-document.ts), never written by hand.
import type { WireSchemaName } from '@podium/contracts';

export const wireSchema = (name: WireSchemaName) => ({ $ref: `#/components/schemas/${name}` });

export const wireSchemaArray = (name: WireSchemaName) => ({ type: 'array' as const, items: wireSchema(name) });
