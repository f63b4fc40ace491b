// A separate process that uses one store and prints which `@aws-sdk/*` modules were resolved on the
// way. Started by lazy-aws-sdk.test.ts with `--import tsx`; argv: backend ('local' | 'dynamodb'),
// then a scratch folder (local) or a dynalite endpoint (dynamodb).
import module from 'node:module';

const resolved: string[] = [];
module.registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('@aws-sdk/')) resolved.push(specifier);
    return nextResolve(specifier, context);
  },
});

const [backend, target = ''] = process.argv.slice(2);
const local = await import('../../src/local-tenant-settings-store');
const dynamo = await import('../../src/dynamo-tenant-settings-store');
const store =
  backend === 'local'
    ? local.createLocalTenantSettingsStore({ rootDir: target, env: 'dev' })
    : dynamo.createDynamoTenantSettingsStore({
        tableName: 'reel-probe-jobs',
        env: 'dev',
        region: 'us-east-1',
        endpoint: target,
      });
const settings = await store.get('acme').catch((error: unknown) => error);
process.stdout.write(
  JSON.stringify({ resolved, read: settings instanceof Error ? 'error' : 'ok' }),
);
