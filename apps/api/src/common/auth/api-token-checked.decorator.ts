// OpenAPI for routes behind a bearer token check: 401, and 429 once the caller's address used up
// its failed attempts (TokenAttemptsService).
import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

export const TOO_MANY_FAILED_ATTEMPTS_DESCRIPTION =
  'problem+json /problems/too-many-failed-attempts: too many failed token checks from this address (PODIUM_AUTH_FAILURE_LIMIT per PODIUM_AUTH_FAILURE_WINDOW_S); every token check from it is refused until Retry-After';

export function ApiTokenChecked(who: string): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiUnauthorizedResponse({ description: `problem+json: missing or unknown ${who} token` }),
    ApiTooManyRequestsResponse({
      description: TOO_MANY_FAILED_ATTEMPTS_DESCRIPTION,
      headers: { 'Retry-After': { description: 'Whole seconds until token checks are accepted again', schema: { type: 'integer' } } },
    }),
    ApiBadRequestResponse({ description: 'problem+json /problems/invalid-path-parameter: a path parameter with a control character, a broken encoding or over 200 characters' }),
  );
}
