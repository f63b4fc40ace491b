import { API_KEY_ID_PATTERN, createApiKeysFromConfig, type ApiKeySummary } from '@reel/api-keys';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { parseCommandArgs, parseEnvOption, parseIdOption } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import { formatTable } from '../format';
import { UsageError } from '../usage-error';

export const keysHelp = `Usage: npx reel keys create --tenant ID [--name NAME] [--env NAME] [--json]
       npx reel keys list   --tenant ID [--env NAME] [--json]
       npx reel keys revoke --tenant ID --key KEY_ID [--env NAME] [--json]

Manages a tenant's API keys, which the HTTP APIs (video-api, audio-clips-api) require as
\`Authorization: Bearer <key>\`; the key alone decides the tenant of a request.

  create   Makes a random key (reel_{env}_{keyId}_{secret}) and prints it ONCE: reel stores only
           its SHA-256, so a lost key cannot be shown again — revoke it and create another.
           --name NAME says what it is for (1–64 letters, digits, spaces, . _ -), e.g. ci.
  list     The tenant's keys, newest first: key id, name, created, active or revoked. Never a
           secret.
  revoke   Stops the key with this key id (the one \`list\` shows) at once; revoking it again
           changes nothing. A key id the tenant does not have is NOT_FOUND.

Options:
  -t, --tenant ID   Tenant id (required)
  -k, --key KEY_ID  The key to revoke (12 characters, a-z and 2-7)
  -n, --name NAME   A label for a new key
  -e, --env NAME    Environment (default: REEL_ENV or dev); a key works only in its env
      --json        Print the result as JSON (create: with the secret)
  -h, --help        Show this help

Keys live in MEDIA_STORAGE_PATH/.reel/api-keys/{env}.json locally, in the jobs table on AWS.
Exit code: 0 done, 1 failed (e.g. NOT_FOUND), 2 for a usage error.`;

const actions = ['create', 'list', 'revoke'] as const;
type Action = (typeof actions)[number];

const keysOptions = {
  tenant: { type: 'string', short: 't' },
  env: { type: 'string', short: 'e' },
  json: { type: 'boolean', default: false },
  name: { type: 'string', short: 'n' },
  key: { type: 'string', short: 'k' },
} as const;

/** `reel keys create|list|revoke`: a tenant's API keys. */
export async function keysCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '-h' || action === '--help') {
    console.log(keysHelp);
    return action === undefined ? 2 : 0;
  }
  if (!(actions as readonly string[]).includes(action)) {
    throw new UsageError(
      `Unknown keys action "${action}": use \`keys create\`, \`keys list\` or \`keys revoke\`.`,
    );
  }
  const values = parseCommandArgs(rest, keysOptions);
  if (values.help === true) {
    console.log(keysHelp);
    return 0;
  }
  const options = checkOptions(action as Action, values);
  const { config } = loadCliDependencies(parseEnvOption(values.env));
  const apiKeys = createApiKeysFromConfig(config);
  const { tenantId } = options;

  if (action === 'create') {
    const created = await apiKeys
      .createApiKey({ tenantId, ...(options.name === undefined ? {} : { name: options.name }) })
      .catch(nameAsUsageError);
    console.log(
      values.json
        ? JSON.stringify(created, null, 2)
        : [
            `Created API key ${created.keyId} for tenant ${tenantId} in env ${config.env}${created.name === undefined ? '' : ` (${created.name})`}:`,
            '',
            `  ${created.secret}`,
            '',
            `Send it as: Authorization: Bearer <key>`,
            `Revoke it:  npx reel keys revoke --tenant ${tenantId} --key ${created.keyId}`,
          ].join('\n'),
    );
    // On stderr, so `--json | jq -r .secret` stays clean and the warning still reaches a person.
    process.stderr.write(
      '⚠ This is the only time the key is shown: reel stores only its hash. Copy it now.\n',
    );
    return 0;
  }
  if (action === 'revoke') {
    const revoked = await apiKeys.revokeApiKey({ tenantId, keyId: options.keyId as string });
    console.log(
      values.json
        ? JSON.stringify(revoked, null, 2)
        : `Revoked API key ${revoked.keyId} of tenant ${tenantId} (since ${revoked.revokedAt}); requests with it now get 401.`,
    );
    return 0;
  }
  const listed = await apiKeys.listApiKeys(tenantId);
  console.log(values.json ? JSON.stringify(listed, null, 2) : describeKeys(tenantId, listed));
  return 0;
}

interface KeysOptions {
  tenantId: string;
  name?: string;
  keyId?: string;
}

function checkOptions(
  action: Action,
  values: { tenant?: string; name?: string; key?: string },
): KeysOptions {
  if (values.tenant === undefined) throw new UsageError('--tenant ID is required.');
  const tenantId = parseIdOption('tenantId', values.tenant);
  if (values.name !== undefined && action !== 'create') {
    throw new UsageError('--name is for `keys create` only.');
  }
  if (action !== 'revoke') {
    if (values.key !== undefined) throw new UsageError('--key is for `keys revoke` only.');
    return { tenantId, ...(values.name === undefined ? {} : { name: values.name }) };
  }
  if (values.key === undefined)
    throw new UsageError('--key KEY_ID is required: the key id `keys list` shows.');
  if (!API_KEY_ID_PATTERN.test(values.key)) {
    throw new UsageError(`--key ${JSON.stringify(values.key.slice(0, 80))} is not a key id.`, {
      advice: `A key id is the 12 characters (a-z, 2-7) after reel_{env}_ in a key; \`npx reel keys list --tenant ${tenantId}\` shows them. Pass the id, never the key itself.`,
    });
  }
  return { tenantId, keyId: values.key };
}

/** A bad `--name` is the command line's fault: exit 2 with the naming rule, like a bad id. */
function nameAsUsageError(error: unknown): never {
  if (error instanceof InvalidRequestError) {
    throw new UsageError(`--name: ${error.message}.`, { cause: error, advice: error.advice });
  }
  throw error;
}

function describeKeys(tenantId: string, keys: ApiKeySummary[]): string {
  if (keys.length === 0) {
    return `No API keys for tenant ${tenantId}. Create one with npx reel keys create --tenant ${tenantId}.`;
  }
  const active = keys.filter((key) => key.revokedAt === undefined).length;
  return [
    `API keys of tenant ${tenantId}: ${keys.length} (${active} active)`,
    formatTable(
      [
        ['KEY ID', 'NAME', 'CREATED', 'STATUS'],
        ...keys.map((key) => [
          key.keyId,
          key.name ?? '-',
          key.createdAt,
          key.revokedAt === undefined ? 'active' : `revoked ${key.revokedAt}`,
        ]),
      ],
      '',
    ),
  ].join('\n');
}
