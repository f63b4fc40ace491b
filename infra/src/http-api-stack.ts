import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import {
  HttpLambdaAuthorizer,
  HttpLambdaResponseType,
} from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ApiRoute, ServiceName } from '@reel/service-presets';
import type { Construct } from 'constructs';

/** API Gateway throttling: steady requests per second and the burst above it. */
export interface ApiThrottle {
  rateLimit: number;
  burstLimit: number;
}

/** Every route unless its service has its own limit (the account's 10,000 rps is far above it). */
export const DEFAULT_API_THROTTLE: Readonly<ApiThrottle> = Object.freeze({
  rateLimit: 100,
  burstLimit: 200,
});

/**
 * Lower limits per service. A clip cache miss holds a Lambda for ffmpeg's whole cut (0.3–1.5 s
 * measured), so at 20/s a burst of distinct misses stays near 20–40 concurrent cutters instead
 * of taking the account's Lambda concurrency from the processing steps.
 */
export const DEFAULT_SERVICE_THROTTLES: Readonly<Partial<Record<ServiceName, ApiThrottle>>> =
  Object.freeze({ 'audio-clips-api': Object.freeze({ rateLimit: 20, burstLimit: 40 }) });

/**
 * How long API Gateway keeps an authorizer answer per `Authorization` value: a revoked key is
 * refused at most this long after `reel keys revoke`, and the key store is read once per key per
 * window instead of once per request.
 */
export const AUTHORIZER_CACHE_TTL_SEC = 30;

export interface HttpApiStackProps extends StackProps {
  reelEnv: string;
  /** The route table (`apiRoutes` of @reel/service-presets, the one `reel serve` answers). */
  routes: readonly ApiRoute[];
  /** The function of each service the routes name. */
  functions: Partial<Record<ServiceName, IFunction>>;
  /** The API-key authorizer (the video-api image, `index.authorizer`). */
  authorizerFunction: IFunction;
  throttle?: ApiThrottle;
  serviceThrottles?: Partial<Record<ServiceName, ApiThrottle>>;
}

/**
 * The HTTP API (API Gateway v2, payload 2.0): one route per row of the route table, each sent to
 * its service's function, behind the API-key Lambda authorizer when the row says `api-key` and
 * open when it says `none` (health, signed stream children: their token, not a key, authorises
 * them). The app's own router dispatches within a route, as under `reel serve`.
 */
export class HttpApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly routes: HttpRoute[];

  constructor(scope: Construct, id: string, props: HttpApiStackProps) {
    super(scope, id, props);
    const throttle = props.throttle ?? DEFAULT_API_THROTTLE;
    const serviceThrottles = props.serviceThrottles ?? DEFAULT_SERVICE_THROTTLES;
    for (const [service, limit] of Object.entries(serviceThrottles)) {
      if (limit.rateLimit > throttle.rateLimit || limit.burstLimit > throttle.burstLimit) {
        throw new TypeError(
          `The ${service} throttle (${limit.rateLimit}/s, burst ${limit.burstLimit}) must not exceed the API's (${throttle.rateLimit}/s, burst ${throttle.burstLimit})`,
        );
      }
    }

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `reel-${props.reelEnv}`,
      description: `reel ${props.reelEnv}: video-api and audio-clips-api`,
      createDefaultStage: false,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
    });

    const apiKeyAuthorizer = new HttpLambdaAuthorizer(
      'ApiKeyAuthorizer',
      props.authorizerFunction,
      {
        authorizerName: `reel-${props.reelEnv}-api-key`,
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        identitySource: ['$request.header.Authorization'],
        resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_TTL_SEC),
      },
    );
    const openRoute = new HttpNoneAuthorizer();
    const integrations = new Map<ServiceName, HttpLambdaIntegration>();
    const integrationFor = (service: ServiceName): HttpLambdaIntegration => {
      const fn = props.functions[service];
      if (!fn) {
        throw new Error(
          `The route table sends requests to ${service}, which has no function in the infra app (add it to apiServices in reel-app.ts)`,
        );
      }
      const existing = integrations.get(service);
      if (existing) return existing;
      const integration = new HttpLambdaIntegration(`${service}-integration`, fn);
      integrations.set(service, integration);
      return integration;
    };

    const routeSettings: Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    > = {};
    this.routes = props.routes.map((route) => {
      const { method, path } = parseRouteKey(route.routeKey);
      const authorizer: IHttpRouteAuthorizer =
        route.authorizer === 'api-key' ? apiKeyAuthorizer : openRoute;
      const httpRoute = new HttpRoute(this, constructIdOf(route.routeKey), {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(path, method),
        integration: integrationFor(route.service),
        authorizer,
      });
      const limit = serviceThrottles[route.service];
      if (limit) {
        routeSettings[route.routeKey] = {
          ThrottlingRateLimit: limit.rateLimit,
          ThrottlingBurstLimit: limit.burstLimit,
        };
        // CloudFormation refuses route settings for a route key that does not exist yet.
        this.stage.node.addDependency(httpRoute);
      }
      return httpRoute;
    });
    if (Object.keys(routeSettings).length > 0) {
      (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    }

    new CfnOutput(this, 'ApiUrl', {
      description: 'The base URL of the reel HTTP API',
      value: this.httpApi.apiEndpoint,
    });
  }
}

const methods: Record<string, HttpMethod> = {
  ANY: HttpMethod.ANY,
  GET: HttpMethod.GET,
  HEAD: HttpMethod.HEAD,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
  OPTIONS: HttpMethod.OPTIONS,
};

/** `GET /videos/{id}` → method and path, as API Gateway reads a route key. */
function parseRouteKey(routeKey: string): { method: HttpMethod; path: string } {
  const [methodName = '', path = ''] = routeKey.split(' ');
  const method = methods[methodName];
  if (method === undefined || !path.startsWith('/')) {
    throw new TypeError(`"${routeKey}" is not an API Gateway route key (METHOD /path)`);
  }
  return { method, path };
}

/** A stable construct id per route key: `ANY /videos/{proxy+}` → `Route-ANY-videos-proxy`. */
function constructIdOf(routeKey: string): string {
  return `Route-${routeKey.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}`;
}
