// The app build config writes each AWS SDK client's `models/errors.js` as one small factory call
// per exception class, and registers only the SSM errors of the commands reel sends (~70 KB less
// for the SSM client's 140 classes). An error SSM answers must reach the code the same way: built
// like an app, the same calls against moto_server give the same exception (class, name, $fault,
// message, members, shape id) as the SDK unbundled, and a missing platform ladder parameter is
// still a ConfigInvalidError naming it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMotoServer, type MotoServer } from '@reel/test-servers';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLikeAnApp } from './build-like-an-app';

// Run in the test process (the SDK from node_modules) and in the bundle: the same JSON out.
const ssmErrors = `
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  SSMServiceException,
  ValidationException,
} from '@aws-sdk/client-ssm';

export async function describeSsmErrors(endpoint, prefix) {
  const client = new SSMClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const describe = (error, Class) => ({
    instanceOfClass: error instanceof Class,
    instanceOfBase: error instanceof SSMServiceException,
    isInstance: SSMServiceException.isInstance(error),
    constructorName: error.constructor.name,
    className: Class.name,
    shapeId: Class.shapeId,
    name: error.name,
    fault: error.$fault,
    message: error.message.replace(prefix, '<prefix>'),
    Message: error.Message,
    status: error.$metadata?.httpStatusCode,
    ownKeys: Object.keys(error).filter((key) => key !== '$response').sort(),
  });
  const missing = await client.send(new GetParameterCommand({ Name: prefix + '/missing' })).catch((error) => error);
  const put = () => client.send(new PutParameterCommand({ Name: prefix + '/twice', Value: '1', Type: 'String' }));
  await put();
  const twice = await put().catch((error) => error);
  const invalid = await client.send(new GetParametersByPathCommand({ Path: prefix, MaxResults: 1000 })).catch((error) => error);
  client.destroy();
  return { missing: describe(missing, ParameterNotFound), twice: describe(twice, ParameterAlreadyExists), invalid: describe(invalid, ValidationException) };
}
`;

const bundledEntry = `
import { ConfigInvalidError } from '@reel/error-taxonomy';
import { createPlatformLadderReader } from '@reel/tenant-settings';
import { SSMClient } from '@aws-sdk/client-ssm';
import { describeSsmErrors } from './ssm-errors';

const { MOTO_ENDPOINT } = process.env;
const errors = await describeSsmErrors(MOTO_ENDPOINT, '/bundle');
const ssmClient = new SSMClient({ endpoint: MOTO_ENDPOINT, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const ladder = await createPlatformLadderReader({ parameterName: '/reel/bundle/ladder', ssmClient })().catch((error) => error);
ssmClient.destroy();
console.log(JSON.stringify({ errors, ladder: { configInvalid: ladder instanceof ConfigInvalidError, code: ladder.code, message: ladder.message, parameterName: ladder.details?.parameterName } }));
`;

describe('App build config: AWS SDK exceptions', () => {
  let dir: string;
  let moto: MotoServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-app-build-errors-'));
    moto = await startMotoServer();
  });

  afterAll(async () => {
    await moto?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('throws the same SSM exceptions from a bundle as the SDK unbundled, and a missing ladder parameter is ConfigInvalidError', async () => {
    // Prepare
    const { outfile } = await buildLikeAnApp(dir, {
      'entry.ts': bundledEntry,
      'ssm-errors.js': ssmErrors,
    });
    const unbundled = (await import(join(dir, 'ssm-errors.js'))) as {
      describeSsmErrors(endpoint: string, prefix: string): Promise<unknown>;
    };

    // Act
    const { stdout } = await execa(process.execPath, [outfile], {
      env: { MOTO_ENDPOINT: moto.endpoint, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    const expected = await unbundled.describeSsmErrors(moto.endpoint, '/unbundled');
    const bundled = JSON.parse(stdout) as { errors: unknown; ladder: unknown };

    // Assess: the bundle holds the compact classes, not the generated ones
    const bundle = await readFile(outfile, 'utf8');
    expect(bundle).not.toContain('"com.amazonaws.ssm#ParameterNotFound"');
    // An error the 4 commands reel sends do not answer keeps its name, fault, message and
    // metadata but not its class nor its declared members left empty (neither is registered).
    const { invalid: bundledInvalid, ...bundledErrors } = bundled.errors as Record<string, object>;
    const { invalid: expectedInvalid, ...expectedErrors } = JSON.parse(
      JSON.stringify(expected),
    ) as Record<string, object>;
    expect(bundledErrors).toEqual(expectedErrors);
    const { message, status, name, fault } = expectedInvalid as Record<string, unknown>;
    expect(bundledInvalid).toMatchObject({
      instanceOfClass: false,
      instanceOfBase: true,
      isInstance: true,
      ...{ message, status, name, fault },
    });
    expect(expectedInvalid).toMatchObject({
      instanceOfClass: true,
      constructorName: 'ValidationException',
      name: 'ValidationException',
      fault: 'client',
    });
    expect(expected).toMatchObject({
      missing: {
        instanceOfClass: true,
        instanceOfBase: true,
        constructorName: 'ParameterNotFound',
        shapeId: 'com.amazonaws.ssm#ParameterNotFound',
        name: 'ParameterNotFound',
        fault: 'client',
        status: 400,
      },
      twice: { instanceOfClass: true, name: 'ParameterAlreadyExists', fault: 'client' },
    });
    expect(bundled.ladder).toMatchObject({
      configInvalid: true,
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('/reel/bundle/ladder does not exist'),
      parameterName: '/reel/bundle/ladder',
    });
  });

  it('fails to build a bundle that sends an SSM command whose errors are not listed', async () => {
    // Prepare
    const unlistedCommand = `const { SSMClient, DeleteParameterCommand } = await import('./ssm-delete');
console.log(new SSMClient({}), new DeleteParameterCommand({ Name: '/x' }));`;

    // Act
    const built = buildLikeAnApp(dir, {
      'entry.ts': unlistedCommand,
      'ssm-delete.ts': "export { DeleteParameterCommand, SSMClient } from '@aws-sdk/client-ssm';",
    });

    // Assess
    await expect(built).rejects.toThrow(
      /DeleteParameterCommand is bundled but its errors are not listed/,
    );
  });
});
