// Every path parameter is checked before a controller sees it: a slug that cannot exist is a 404
// like an unknown one, and text no route may carry (control characters such as a NUL, which
// PostgreSQL refuses, or a kilobyte of anything) is a 400 - never a database error logged with its
// parameters and a 500. Registered once for the whole app (APP_PIPE), so new routes get it too.
import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { SLUG_PATTERN } from '@podium/event-bundle';
import { clipText } from '@podium/scoring';
import { DomainError, notFound } from '../errors/domain-error.js';

/** Parameters that name a slug from an event bundle (same pattern as the manifest's). */
const SLUG_PARAMS: Record<string, string> = { event: 'event', task: 'task', team: 'team' };

/** Longest value any path parameter may have (slugs 64, ids fewer). */
export const PATH_PARAM_MAX_CHARS = 200;

// C0/C1 controls, DEL, and lone surrogates left by a malformed percent-encoding.
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const invalidPathParameter = (name: string, why: string) =>
  new DomainError('invalid-path-parameter', 400, 'Invalid path parameter', `Path parameter "${name}" ${why}; check the URL.`, undefined, { parameter: name });

@Injectable()
export class PathParamsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' || typeof value !== 'string' || !metadata.data) return value;
    const name = metadata.data;
    if (value.length > PATH_PARAM_MAX_CHARS) throw invalidPathParameter(name, `is ${value.length} characters long (at most ${PATH_PARAM_MAX_CHARS})`);
    if (FORBIDDEN.test(value)) throw invalidPathParameter(name, 'contains a control character (such as %00) or a broken character encoding');
    const what = SLUG_PARAMS[name];
    if (what && !SLUG_PATTERN.test(value)) {
      throw notFound(what, `No ${what} "${clipText(value)}": ${what} slugs are 1-64 lowercase letters, digits and inner hyphens.`);
    }
    return value;
  }
}
