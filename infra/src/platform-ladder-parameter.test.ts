import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { ladderOptionsSchema } from '@reel/tenant-settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReelApp, deployedServices } from './reel-app';
import { writeStandInBundles } from './test-support/stand-in-bundles';

interface PolicyStatementJson {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}

/** Every IAM statement of a stack's policies. */
function statementsOf(template: Template): PolicyStatementJson[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: PolicyStatementJson[] } } })
        .Properties.PolicyDocument.Statement,
  );
}

const actionsOf = ({ Action }: PolicyStatementJson) => [Action].flat();

describe('Function: addPlatformLadderParameter (through createReelApp)', () => {
  let workDir: string;
  let app: ReturnType<typeof createReelApp>;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'reel-infra-ladder-'));
    writeStandInBundles(join(workDir, 'apps'));
    app = createReelApp({
      bundlesDir: join(workDir, 'apps'),
      reelEnv: 'prod',
      outdir: join(workDir, 'cdk.out'),
    });
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('stores a valid platform ladder as JSON in /reel/{env}/ladder and names it to the transcoder', () => {
    // Act
    const template = Template.fromStack(app.services['media-transcoder']!);

    // Assess
    const parameters = Object.values(template.findResources('AWS::SSM::Parameter')) as Array<{
      Properties: { Name: string; Type: string; Value: string };
    }>;
    expect(parameters).toHaveLength(1);
    const [{ Properties }] = parameters as [(typeof parameters)[number]];
    expect(Properties).toMatchObject({ Name: '/reel/prod/ladder', Type: 'String' });
    expect(ladderOptionsSchema.parse(JSON.parse(Properties.Value))).toMatchObject({
      rungs: [1080, 720, 480],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { REEL_LADDER_PARAMETER: '/reel/prod/ladder' } },
    });
  });

  it('grants the transcoder ssm:GetParameter on exactly that parameter, and nothing else in SSM', () => {
    // Act
    const template = Template.fromStack(app.services['media-transcoder']!);
    const [parameterId] = Object.keys(template.findResources('AWS::SSM::Parameter'));

    // Assess: one SSM statement, one action, one resource built from the parameter's own name
    const ssmStatements = statementsOf(template).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('ssm:') || action === '*'),
    );
    expect(ssmStatements).toHaveLength(1);
    const [grant] = ssmStatements as [PolicyStatementJson];
    expect(grant.Effect).toBe('Allow');
    expect(grant.Action).toBe('ssm:GetParameter');
    expect(grant.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ssm:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':parameter',
          { Ref: parameterId },
        ],
      ],
    });
  });

  it('gives no other service any SSM permission', () => {
    // Act
    const others = deployedServices.filter((service) => service !== 'media-transcoder');

    // Assess
    for (const service of others) {
      const template = Template.fromStack(app.services[service]!);
      const ssmActions = statementsOf(template)
        .flatMap(actionsOf)
        .filter((action) => action.startsWith('ssm:'));
      expect({ service, ssmActions }).toEqual({ service, ssmActions: [] });
      template.resourceCountIs('AWS::SSM::Parameter', 0);
    }
  });
});
