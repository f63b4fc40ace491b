import { loadConfig, type AwsReelConfig } from '@reel/config';
import { describe, expect, it } from 'vitest';
import { jobsTableOptionsFromConfig } from './dynamo-sdk';

const awsEnv = {
  REEL_BACKEND: 'aws',
  REEL_ENV: 'dev',
  AWS_REGION: 'eu-west-1',
  REEL_BUCKET: 'reel-dev-media',
  REEL_JOBS_TABLE: 'reel-dev-jobs',
};

describe('Function: jobsTableOptionsFromConfig', () => {
  it('takes the table, region and endpoint from an aws config, and the client hooks given', () => {
    // Prepare
    const config = loadConfig({
      ...awsEnv,
      REEL_DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
    }) as AwsReelConfig;
    const instrumentClient = <T>(client: T) => client;

    // Act
    const options = jobsTableOptionsFromConfig(config, { instrumentClient });

    // Assess
    expect(options).toEqual({
      tableName: 'reel-dev-jobs',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4567',
      instrumentClient,
    });
  });

  it('leaves out what the config and the caller do not set', () => {
    // Act
    const options = jobsTableOptionsFromConfig(loadConfig(awsEnv) as AwsReelConfig);

    // Assess
    expect(options).toEqual({ tableName: 'reel-dev-jobs', region: 'eu-west-1' });
  });
});
