import { Template } from 'aws-cdk-lib/assertions';
import { apiRoutes } from '@reel/service-presets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeReelApp, testApiRoutes } from './test-support/synthesize-reel-app';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const resourcesOf = (template: Template, type: string) =>
  Object.entries((template.toJSON() as { Resources: Resources }).Resources).filter(
    ([, resource]) => resource.Type === type,
  );

/** The id and properties of the one resource of a type (fails when there are none or more). */
function onlyResourceOf(template: Template, type: string) {
  const resources = resourcesOf(template, type);
  expect(resources.map(([id]) => id)).toHaveLength(1);
  const [id, { Properties }] = resources[0]!;
  return { id, properties: Properties };
}

describe('Class: HttpApiStack', () => {
  let reel: ReturnType<typeof synthesizeReelApp>;
  let api: Template;

  beforeAll(() => {
    reel = synthesizeReelApp();
    api = Template.fromStack(reel.api);
  });
  afterAll(() => reel.dispose());

  it('declares one route per row of the route table, each sent to its service', () => {
    // Act
    const routes = resourcesOf(api, 'AWS::ApiGatewayV2::Route').map(([, { Properties }]) => ({
      routeKey: Properties['RouteKey'],
      target: JSON.stringify(Properties['Target']),
    }));
    const integrations = Object.fromEntries(
      resourcesOf(api, 'AWS::ApiGatewayV2::Integration').map(([id, { Properties }]) => [
        id,
        JSON.stringify(Properties['IntegrationUri']),
      ]),
    );

    // Assess
    expect(routes.map(({ routeKey }) => routeKey).sort()).toEqual(
      testApiRoutes.map(({ routeKey }) => routeKey).sort(),
    );
    for (const { routeKey, service } of testApiRoutes) {
      const route = routes.find((candidate) => candidate.routeKey === routeKey)!;
      const [integrationId] = Object.keys(integrations).filter((id) => route.target.includes(id));
      expect({ routeKey, uri: integrations[integrationId!] }).toEqual({
        routeKey,
        uri: expect.stringContaining(`"Reel-${service}:ExportsOutputFnGetAttFunction`),
      });
    }
    for (const [, { Properties }] of resourcesOf(api, 'AWS::ApiGatewayV2::Integration')) {
      expect(Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    }
  });

  it('puts the API-key authorizer in front of every key route and leaves only the open ones open', () => {
    // Act
    const { id: authorizerId } = onlyResourceOf(api, 'AWS::ApiGatewayV2::Authorizer');
    const routes = resourcesOf(api, 'AWS::ApiGatewayV2::Route').map(
      ([, { Properties }]) => Properties,
    );

    // Assess
    for (const { routeKey, authorizer } of testApiRoutes) {
      const route = routes.find((candidate) => candidate['RouteKey'] === routeKey)!;
      expect({ routeKey, type: route['AuthorizationType'], id: route['AuthorizerId'] }).toEqual(
        authorizer === 'api-key'
          ? { routeKey, type: 'CUSTOM', id: { Ref: authorizerId } }
          : { routeKey, type: 'NONE', id: undefined },
      );
    }
  });

  it('checks keys with a REQUEST authorizer on the Authorization header, cached at most 60 s', () => {
    // Act
    const { properties: Properties } = onlyResourceOf(api, 'AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(Properties['AuthorizerResultTtlInSeconds']).toBeGreaterThan(0);
    expect(Properties['AuthorizerResultTtlInSeconds']).toBeLessThanOrEqual(60);
    expect(JSON.stringify(Properties['AuthorizerUri'])).toContain(
      '"Reel-video-api:ExportsOutputFnGetAttAuthorizer',
    );
  });

  it('runs the authorizer from the video-api image with the index.authorizer handler', () => {
    // Act
    const functions = resourcesOf(
      Template.fromStack(reel.services['video-api']!),
      'AWS::Lambda::Function',
    ).map(([id, { Properties }]) => ({ id, properties: Properties }));

    // Assess: two functions, one image, two handlers
    expect(functions).toHaveLength(2);
    const authorizer = functions.find(({ id }) => id.startsWith('Authorizer'))!;
    const api = functions.find(({ id }) => id.startsWith('Function'))!;
    expect(authorizer.properties['ImageConfig']).toEqual({ Command: ['index.authorizer'] });
    expect(api.properties['ImageConfig']).toBeUndefined();
    expect(authorizer.properties['Code']).toEqual(api.properties['Code']);
    expect(authorizer.properties['Timeout']).toBeLessThanOrEqual(10);
  });

  it('throttles every route by default and the clips route lower', () => {
    // Act
    const { properties: stageProperties } = onlyResourceOf(api, 'AWS::ApiGatewayV2::Stage');

    // Assess
    expect(stageProperties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
    expect(stageProperties['RouteSettings']).toEqual({
      'ANY /api/v1/audio_clips/{proxy+}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it('outputs the API URL', () => {
    // Act
    const { id: apiId } = onlyResourceOf(api, 'AWS::ApiGatewayV2::Api');

    // Assess
    api.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] } });
  });

  it('gives API Gateway invoke rights on each function for its own routes and authorizer only', () => {
    // Act
    const permissions = resourcesOf(api, 'AWS::Lambda::Permission').map(([, { Properties }]) => ({
      principal: Properties['Principal'],
      sourceArn: JSON.stringify(Properties['SourceArn']),
    }));

    // Assess: one per route (scoped to its path) plus one for the authorizer
    expect(permissions).toHaveLength(testApiRoutes.length + 1);
    for (const { principal, sourceArn } of permissions) {
      expect(principal).toBe('apigateway.amazonaws.com');
      expect(sourceArn).toMatch(/"\/\*\/\*\/[a-z]|"\/authorizers\/"/);
    }
  });

  it('refuses a service limit above the API default', () => {
    expect(() =>
      synthesizeReelApp({
        serviceThrottles: { 'audio-clips-api': { rateLimit: 500, burstLimit: 40 } },
      }),
    ).toThrow(/audio-clips-api throttle \(500\/s, burst 40\) must not exceed the API's \(100\/s/);
  });

  it('declares the route table reel serve answers when given none', () => {
    // Act
    const served = synthesizeReelApp({ routes: undefined });
    try {
      const routeKeys = resourcesOf(Template.fromStack(served.api), 'AWS::ApiGatewayV2::Route').map(
        ([, { Properties }]) => Properties['RouteKey'],
      );

      // Assess
      expect(routeKeys.sort()).toEqual(apiRoutes.map(({ routeKey }) => routeKey).sort());
    } finally {
      served.dispose();
    }
  });
});
