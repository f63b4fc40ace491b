export { defineRoute } from './http-route';
export type {
  ApiCaller,
  HttpMethod,
  HttpJsonResult,
  HttpResult,
  HttpRoute,
  HttpRouteContext,
  HttpRouteRequest,
  HttpRouteResponse,
  HttpTextResult,
} from './http-route';
export { createHttpHandler } from './create-http-handler';
export type {
  CreateHttpHandlerOptions,
  HttpApiSetup,
  HttpHandler,
  HttpLambdaContext,
  RequestLogger,
} from './create-http-handler';
export { authenticateRequest } from './authenticate-request';
export type { AuthorizedEventPart, VerifyApiKey } from './authenticate-request';
export { createApiKeyAuthorizer } from './api-key-authorizer';
export type { AuthorizerEvent, AuthorizerResult } from './api-key-authorizer';
export { parseRequest } from './parse-request';
export type { RawRequest } from './parse-request';
export {
  MAX_EVENT_BODY_BYTES,
  createApiGatewayBridge,
  toApiGatewayV2Event,
} from './api-gateway-bridge';
export type { ApiGatewayBridgeOptions, ApiGatewayV2Handler } from './api-gateway-bridge';
export { buildOpenApiDocument } from './build-openapi-document';
export type { BuildOpenApiDocumentOptions } from './build-openapi-document';
