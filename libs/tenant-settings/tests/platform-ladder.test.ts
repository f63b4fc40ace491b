import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { ReelConfig } from '@reel/config';
import { ConfigInvalidError, TransientError } from '@reel/error-taxonomy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPlatformLadderReader,
  createPlatformLadderReaderFromConfig,
} from '../src/platform-ladder';
import { startMotoServer, type MotoServer } from '@reel/test-servers';

// The platform ladder against a real SSM API: moto_server on a random loopback port.
describe('Function: createPlatformLadderReader (moto SSM)', () => {
  let moto: MotoServer;
  let ssmClient: SSMClient;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
    moto = await startMotoServer();
    ssmClient = new SSMClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    ssmClient?.destroy();
    await moto?.close();
    process.env = savedEnv;
  });

  const putParameter = (name: string, value: string) =>
    ssmClient.send(
      new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: true }),
    );

  it('reads the JSON ladder and returns only the fields it sets', async () => {
    // Prepare
    await putParameter(
      '/reel/test/ladder',
      JSON.stringify({ rungs: [720, 480], segmentDurationSec: 2 }),
    );
    const read = createPlatformLadderReader({ parameterName: '/reel/test/ladder', ssmClient });

    // Act
    const ladder = await read();

    // Assess
    expect(ladder).toEqual({ rungs: [720, 480], segmentDurationSec: 2 });
  });

  it('reuses a read value until it is maxAgeSec old', async () => {
    // Prepare
    await putParameter('/reel/test/cached', JSON.stringify({ rungs: [1080] }));
    const cached = createPlatformLadderReader({ parameterName: '/reel/test/cached', ssmClient });
    const before = await cached();

    // Act
    await putParameter('/reel/test/cached', JSON.stringify({ rungs: [360] }));
    const again = await cached();
    const fresh = await createPlatformLadderReader({
      parameterName: '/reel/test/cached',
      ssmClient,
    })();

    // Assess
    expect(before).toEqual({ rungs: [1080] });
    expect(again).toEqual({ rungs: [1080] });
    expect(fresh).toEqual({ rungs: [360] });
  });

  it.each([
    ['/reel/test/missing', undefined, /does not exist/],
    ['/reel/test/not-json', '{ rungs: 720', /is not JSON/],
    [
      '/reel/test/invalid',
      JSON.stringify({ rungs: [480, 720], crf: 20 }),
      /rungs: .*tallest first/,
    ],
  ])('refuses %s with a ConfigInvalidError naming the parameter', async (name, value, message) => {
    // Prepare
    if (value !== undefined) await putParameter(name, value);
    const read = createPlatformLadderReader({ parameterName: name, ssmClient });

    // Act
    const error = await read().catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as ConfigInvalidError).message).toMatch(message);
    expect((error as ConfigInvalidError).details['parameterName']).toBe(name);
  });

  it('reports an SSM it cannot reach as transient (retried by the workflow)', async () => {
    // Prepare: a closed port on loopback, one attempt
    const unreachable = new SSMClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const read = createPlatformLadderReader({
      parameterName: '/reel/test/ladder',
      ssmClient: unreachable,
    });

    // Act
    const error = await read().catch((caught: unknown) => caught);
    unreachable.destroy();

    // Assess
    expect(error).toBeInstanceOf(TransientError);
  });
});

describe('Function: createPlatformLadderReaderFromConfig', () => {
  it('reads no platform choices locally or when no parameter is named', async () => {
    // Prepare
    const local = { backend: 'local' } as ReelConfig;
    const awsWithout = { backend: 'aws', region: 'us-east-1' } as ReelConfig;

    // Act
    const ladders = await Promise.all([
      createPlatformLadderReaderFromConfig(local)(),
      createPlatformLadderReaderFromConfig(awsWithout)(),
    ]);

    // Assess
    expect(ladders).toEqual([{}, {}]);
  });
});
