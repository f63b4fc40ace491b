import { UnauthorizedError } from '@reel/error-taxonomy';
import type { ApiCaller } from './http-route';

/** Checks a whole `Authorization` value (`Bearer …`): @reel/api-keys' `verifyApiKey`. */
export type VerifyApiKey = (authorization: string) => Promise<ApiCaller>;

/** The part of an API Gateway v2 event the frame reads the caller from. */
export interface AuthorizedEventPart {
  headers?: Record<string, string | undefined>;
  /** Read for `authorizer.lambda` (absent from the plain event type: only an authorizer adds it). */
  requestContext?: object;
}

/**
 * The caller of a request: on AWS the Lambda authorizer (same `verifyApiKey`) already checked the
 * key and put `tenantId`/`keyId` in `requestContext.authorizer.lambda`, which only API Gateway can
 * set; anywhere else (the local server builds events itself and never sets it) the bearer key is
 * verified here. The tenant never comes from the path or the body. No key, or a bad one:
 * UnauthorizedError (401).
 *
 * @example
 * const { tenantId } = await authenticateRequest(event, apiKeys.verifyApiKey);
 */
export async function authenticateRequest(
  event: AuthorizedEventPart,
  verifyApiKey: VerifyApiKey,
): Promise<ApiCaller> {
  const { authorizer } = (event.requestContext ?? {}) as {
    authorizer?: { lambda?: Record<string, unknown> };
  };
  const fromAuthorizer = authorizer?.lambda;
  if (
    typeof fromAuthorizer?.['tenantId'] === 'string' &&
    typeof fromAuthorizer['keyId'] === 'string'
  ) {
    return { tenantId: fromAuthorizer['tenantId'], keyId: fromAuthorizer['keyId'] };
  }
  const authorization = event.headers?.['authorization'];
  if (authorization === undefined || authorization.trim() === '') {
    throw new UnauthorizedError('This API needs an API key', {
      advice: 'Send Authorization: Bearer <key>; `npx reel keys create --tenant <id>` makes one.',
    });
  }
  const { tenantId, keyId } = await verifyApiKey(authorization);
  return { tenantId, keyId };
}
