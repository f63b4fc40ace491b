import { isReelError } from '@reel/error-taxonomy';
import type { VerifyApiKey } from './authenticate-request';

/** The part of an API Gateway v2 REQUEST authorizer event read here. */
export interface AuthorizerEvent {
  identitySource?: string[] | null;
  headers?: Record<string, string | undefined>;
}

/** API Gateway v2's simple response: the context reaches the route as `authorizer.lambda`. */
export interface AuthorizerResult {
  isAuthorized: boolean;
  context?: { tenantId: string; keyId: string };
}

/**
 * The Lambda authorizer of an HTTP API (payload format 2.0, simple responses, identity source
 * `$request.header.Authorization`): the same `verifyApiKey` the frame runs without one, so a key
 * is judged the same way locally and on AWS. A bad or missing key is `{ isAuthorized: false }`
 * (API Gateway then answers 403, or 401 when the header is missing; the frame, verifying by itself,
 * answers problem+json 401 for both); a failure of the key store is thrown (500, retried
 * by the client) rather than turned into a refusal. Dependencies come from a thunk so they are
 * built once, as with every reel handler.
 *
 * @example
 * export const handler = createApiKeyAuthorizer(() => apiKeys.verifyApiKey);
 */
export function createApiKeyAuthorizer(
  verifyApiKey: () => VerifyApiKey,
): (event: AuthorizerEvent) => Promise<AuthorizerResult> {
  return async (event) => {
    const authorization = event.identitySource?.[0] ?? event.headers?.['authorization'];
    if (authorization === undefined || authorization.trim() === '') return { isAuthorized: false };
    try {
      const { tenantId, keyId } = await verifyApiKey()(authorization);
      return { isAuthorized: true, context: { tenantId, keyId } };
    } catch (error) {
      if (isReelError(error) && error.code === 'UNAUTHORIZED') return { isAuthorized: false };
      throw error;
    }
  };
}
