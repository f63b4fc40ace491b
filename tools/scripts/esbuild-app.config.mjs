// esbuild options for every app bundle (nx.json → targetDefaults.build.options.esbuildConfig).
// One minified index.mjs per app, no code splitting (the Lambda image copies one file), built for
// a fast cold start:
// - `mainFields: module, main` picks the AWS SDK's ES modules (dist-es) over its CommonJS builds,
//   so esbuild can drop the commands and protocols a service never calls.
// - Node built-ins are loaded with `require` where they are used, never as top-level `import`s.
//   esbuild hoists every external `import` of an ES bundle to its top, so `import { Agent } from
//   'node:http'` in the AWS SDK would be linked at start-up even though the SDK itself sits behind
//   a lazy `import()` and is only evaluated on first use. Node's ES-module facade for `node:http`
//   also reads every export, which loads undici (~100 ms). A CommonJS shim per built-in moves
//   that cost to the code that needs it, and makes it nothing for code that never runs
//   (the SDK when REEL_BACKEND=local).
// - The AWS SDK's `export * from` barrels become named re-exports. Code reached only through
//   `import()` is wrapped to run on first use, and a wrapped barrel runs every module it
//   star-exports, so esbuild keeps them all (every S3 command, waiter, paginator: +40–70 KB per
//   client). With names, it keeps only what is imported, as it does for static imports.
// - aws-xray-sdk-core (under Powertools Tracer) requires all of semver (30 KB) to call `gte` once,
//   in its AWS SDK v2 patcher; it gets a six-line `gte` of its own (the patcher is never used: the
//   apps call SDK v3 clients).
// - Size (≤ 1,000,000 B an app, tools/bench's budget is 1 MiB), with nothing an app calls left out:
//   zod's JSON Schema generator (`z.toJSONSchema`, ~18 KB: scripts and tests make JSON Schemas, no
//   app does; in a bundle it throws), the package.json files the AWS SDK and X-Ray import whole
//   for their version (only `name` and `version` kept, ~12 KB) and `figures`' symbol table, which
//   execa reads three icons of, for its verbose mode (~6 KB).
// - The AWS SDK's credential chain without its SSO and `aws login` links (~50 KB with the SSO,
//   OIDC and sign-in clients they bring): a Lambda gets its role's credentials from the
//   environment, a container from its metadata endpoint, a machine from keys or a credential
//   process in its profile; all of those stay. A profile that needs an SSO or `aws login` session
//   fails with a message saying so (run the bundle with exported credentials instead:
//   `eval "$(aws configure export-credentials --format env)"`).
// - AWS SDK exceptions: each client's `models/errors.js` as one small factory call per class (same
//   names, shape ids, faults, members, `instanceof`); the SSM client registers only the errors of
//   the 4 commands reel sends through Powertools Parameters (the others arrive as
//   SSMServiceException with their name; a bundle with another SSM command fails to build).
//   Each client's schemas with their ~1,500 string constants written where they are used (esbuild
//   keeps every top-level constant of a module it wraps for `import()`: S3's schemas 75 → 28 KB).
//   One Powertools commons (parameters pinned an older copy), X-Ray's whitelist without the
//   services no app calls. Proven on moto_server: tools/bench/src/app-build-config-sdk-errors.test.ts.
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname } from 'node:path';

const builtins = new Set(builtinModules);
const builtinNamespace = 'reel-node-builtin';

/** @type {import('esbuild').Plugin} */
const builtinsThroughRequire = {
  name: 'reel-builtins-through-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/0-9]+$/ }, ({ path, namespace }) => {
      // The shim's own `require(…)` stays external: the banner's createRequire answers it.
      if (namespace === builtinNamespace) return { path, external: true };
      const name = path.replace(/^node:/, '');
      if (!path.startsWith('node:') && !builtins.has(name)) return undefined;
      return { path: `node:${name}`, namespace: builtinNamespace };
    });
    build.onLoad({ filter: /.*/, namespace: builtinNamespace }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)});`,
      loader: 'js',
    }));
  },
};

const starExportStatement = /^export \* from (["'])([^"']+)\1;?$/gm;

/** @type {import('esbuild').Plugin} */
const awsSdkNamedReExports = {
  name: 'reel-aws-sdk-named-re-exports',
  setup(build) {
    /** @type {Map<string, Promise<string[]>>} */
    const starNamesByFile = new Map();

    async function resolveStar(specifier, importer) {
      const resolved = await build.resolve(specifier, {
        kind: 'import-statement',
        resolveDir: dirname(importer),
      });
      if (resolved.errors.length > 0 || resolved.external) {
        throw new Error(`Cannot resolve "${specifier}" star-exported by ${importer}`);
      }
      return resolved.path;
    }

    /** The names a module exports itself (its `export *` targets are read separately). */
    async function ownExports(file) {
      const { metafile } = await build.esbuild.build({
        entryPoints: [file],
        bundle: false,
        write: false,
        metafile: true,
        format: 'esm',
        logLevel: 'silent',
      });
      return Object.values(metafile.outputs)[0].exports;
    }

    /** Names exported once across a file's `export *` targets; ambiguous ones are not exported. */
    async function starTargets(file, source) {
      const targets = [];
      const sources = new Map();
      for (const [statement, , specifier] of source.matchAll(starExportStatement)) {
        const names = await starNames(await resolveStar(specifier, file));
        targets.push({ statement, specifier, names });
        for (const name of names) sources.set(name, (sources.get(name) ?? 0) + 1);
      }
      return { targets, isUnique: (name) => sources.get(name) === 1 };
    }

    /** Every name `export * from file` brings in. */
    function starNames(file) {
      if (!starNamesByFile.has(file)) {
        starNamesByFile.set(
          file,
          (async () => {
            const source = await readFile(file, 'utf8');
            const names = new Set(await ownExports(file));
            names.delete('default');
            const { targets, isUnique } = await starTargets(file, source);
            for (const { names: starred } of targets) {
              for (const name of starred) if (isUnique(name)) names.add(name);
            }
            return [...names];
          })(),
        );
      }
      return starNamesByFile.get(file);
    }

    build.onLoad({ filter: /node_modules\/(@aws-sdk|@smithy)\/.*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('export * from')) return undefined;
      const ownNames = new Set(await ownExports(path));
      const { targets, isUnique } = await starTargets(path, source);
      let contents = source;
      for (const { statement, specifier, names } of targets) {
        const reExported = names.filter((name) => !ownNames.has(name) && isUnique(name));
        contents = contents.replace(
          statement,
          reExported.length === 0
            ? ''
            : `export { ${reExported.join(', ')} } from ${JSON.stringify(specifier)};`,
        );
      }
      return { contents, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

const semverGteNamespace = 'reel-xray-semver-gte';

/** @type {import('esbuild').Plugin} */
const xraySemverGteOnly = {
  name: 'reel-xray-semver-gte-only',
  setup(build) {
    build.onResolve({ filter: /^semver$/ }, ({ importer }) =>
      importer.includes('/node_modules/aws-xray-sdk-core/')
        ? { path: 'semver', namespace: semverGteNamespace, pluginData: dirname(importer) }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: semverGteNamespace }, ({ pluginData }) => ({
      contents: tinySemverGte,
      resolveDir: pluginData,
      loader: 'js',
    }));
  },
};

const tinySemverGte = `module.exports = {
  gte(a, b) {
    const parts = (version) => String(version).split(/[.+-]/, 3).map((part) => Number.parseInt(part, 10) || 0);
    const [x, y] = [parts(a), parts(b)];
    for (let i = 0; i < 3; i += 1) if (x[i] !== y[i]) return x[i] > y[i];
    return true;
  },
};`;

const zodJsonSchemaModules =
  /node_modules\/zod\/v4\/core\/(to-json-schema|json-schema-processors)\.js$/;

/** @type {import('esbuild').Plugin} */
const zodWithoutJsonSchema = {
  name: 'reel-zod-without-json-schema',
  setup(build) {
    build.onLoad({ filter: zodJsonSchemaModules }, async ({ path }) => {
      const { metafile } = await build.esbuild.build({
        entryPoints: [path],
        bundle: false,
        write: false,
        metafile: true,
        format: 'esm',
        logLevel: 'silent',
      });
      const names = Object.values(metafile.outputs)[0].exports;
      const notBundled =
        "() => { throw new Error('JSON Schema generation (z.toJSONSchema) is not in app bundles'); }";
      // Every export a function that throws when called; `allProcessors` an empty table.
      const contents = names
        .map((name) =>
          name === 'allProcessors'
            ? 'export const allProcessors = {};'
            : `export const ${name} = ${notBundled};`,
        )
        .join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/** @type {import('esbuild').Plugin} */
const packageJsonNameAndVersion = {
  name: 'reel-package-json-name-and-version',
  setup(build) {
    build.onLoad({ filter: /node_modules\/.*\/package\.json$/ }, async ({ path }) => {
      const { name, version } = JSON.parse(await readFile(path, 'utf8'));
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

/** @type {import('esbuild').Plugin} */
const figuresExecaIcons = {
  name: 'reel-figures-execa-icons',
  setup(build) {
    build.onResolve({ filter: /^figures$/ }, ({ importer }) =>
      importer.includes('/node_modules/execa/')
        ? { path: 'figures', namespace: 'reel-figures' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'reel-figures' }, () => ({
      contents: "export default { tick: '✔', cross: '✖', warning: '⚠' };",
      loader: 'js',
    }));
  },
};

const sessionCredentialNamespace = 'reel-no-session-credentials';
const sessionCredentialProviders = {
  '@aws-sdk/credential-provider-sso': ['fromSSO'],
  '@aws-sdk/credential-provider-login': ['fromLoginCredentials'],
};

/** @type {import('esbuild').Plugin} */
const credentialsWithoutSessions = {
  name: 'reel-credentials-without-sessions',
  setup(build) {
    build.onResolve(
      { filter: /^@aws-sdk\/credential-provider-(sso|login)$/ },
      ({ path, importer }) => ({
        path,
        namespace: sessionCredentialNamespace,
        pluginData: dirname(importer),
      }),
    );
    build.onLoad(
      { filter: /.*/, namespace: sessionCredentialNamespace },
      ({ path, pluginData }) => ({
        contents: [
          "import { CredentialsProviderError } from '@smithy/core/config';",
          ...sessionCredentialProviders[path].map(
            (name) =>
              `export const ${name} = (init = {}) => async () => { throw new CredentialsProviderError(${JSON.stringify(
                `${path} is not in reel's app bundles: give the process credentials (environment, keys or credential_process in the profile)`,
              )}, { logger: init.logger, tryNextLink: false }); };`,
          ),
        ].join('\n'),
        resolveDir: pluginData,
        loader: 'js',
      }),
    );
  },
};

// One AWS SDK exception class, as the SDK's code generator writes it in `models/errors.js`.
const exceptionClass =
  /export class (\w+) extends __BaseException \{\n {4}static shapeId = "([^"]+)";\n {4}name = "\1";\n {4}\$fault = "(client|server)";\n((?: {4}\w+;\n)*) {4}constructor\(opts\) \{\n {8}super\(\{\n {12}name: "\1",\n {12}\$fault: "\3",\n {12}\.\.\.opts,\n {8}\}\);\n {8}Object\.setPrototypeOf\(this, \1\.prototype\);\n((?: {8}this\.\w+ = opts\.\w+;\n)*) {4}\}\n\}\n/g;

/**
 * A client's `models/errors.js` with each exception class made by one small factory: same
 * exported names, class `name`, `shapeId`, `$fault`, members copied from the options, prototype
 * chain and `instanceof`; ~50 bytes a class instead of ~300. Null when a class is not exactly in
 * the generated shape (then the file is bundled as it is).
 */
function compactExceptionClasses(source) {
  const namespaces = [];
  const [importLine] = source.split('\n', 1);
  if (!/^import \{ \w+ as __BaseException \} from "[^"]+";$/.test(importLine)) return null;
  let rest = source.slice(importLine.length + 1);
  const calls = [];
  rest = rest.replace(exceptionClass, (whole, name, shapeId, fault, fieldLines, assignLines) => {
    const fields = fieldLines
      .split('\n')
      .filter(Boolean)
      .map((line) => line.trim().slice(0, -1));
    const assigned = assignLines
      .split('\n')
      .filter(Boolean)
      .map((line) => /this\.(\w+) = opts\.(\w+);/.exec(line));
    const copiesEveryField =
      assigned.length === fields.length &&
      assigned.every((match, i) => match[1] === fields[i] && match[2] === fields[i]);
    if (!copiesEveryField) return whole;
    // Arguments: name, 1 for a server fault, members, and the shape id when it is not the
    // file's namespace + name.
    const namespace = shapeId.slice(0, -name.length);
    const args = [JSON.stringify(name), fault === 'server' ? 1 : 0, JSON.stringify(fields)];
    if (!shapeId.endsWith(`#${name}`) || (namespaces.length > 0 && namespaces[0] !== namespace)) {
      args.push(JSON.stringify(shapeId));
    } else if (namespaces.length === 0) namespaces.push(namespace);
    calls.push(`export const ${name} = /* @__PURE__ */ __reelException(${args.join(', ')});`);
    return '';
  });
  if (calls.length === 0) return null;
  return [
    importLine,
    // The class expression takes `name` from its computed key, as a class declaration would.
    `const __reelException = (name, serverFault, members, shapeId = ${JSON.stringify(namespaces[0] ?? '')} + name) => {`,
    '  const $fault = serverFault ? "server" : "client";',
    '  const Exception = { [name]: class extends __BaseException {',
    '    static shapeId = shapeId;',
    '    constructor(opts) {',
    '      super({ name, $fault, ...opts });',
    '      this.name = name;',
    '      this.$fault = $fault;',
    '      Object.setPrototypeOf(this, Exception.prototype);',
    '      for (const member of members) this[member] = opts[member];',
    '    }',
    '  } }[name];',
    '  return Exception;',
    '};',
    ...calls,
    rest,
  ].join('\n');
}

/** @type {import('esbuild').Plugin} */
const awsSdkCompactExceptions = {
  name: 'reel-aws-sdk-compact-exceptions',
  setup(build) {
    build.onLoad(
      {
        filter: /node_modules\/@aws-sdk\/[^/]+\/dist-es\/(submodules\/[^/]+\/)?models\/errors\.js$/,
      },
      async ({ path }) => {
        const contents = compactExceptionClasses(await readFile(path, 'utf8'));
        return contents === null
          ? undefined
          : { contents, loader: 'js', resolveDir: dirname(path) };
      },
    );
  },
};

/**
 * One copy of Powertools' commons: a Powertools package that pinned an older commons (parameters
 * 2.35 → commons 2.35, beside the 2.36 of logger, metrics and tracer) gets the one the others
 * use. Same major version; a name the older package imports and the newer commons lacks fails
 * the build (esbuild checks named imports).
 */
/** @type {import('esbuild').Plugin} */
const onePowertoolsCommons = {
  name: 'reel-one-powertools-commons',
  setup(build) {
    build.onResolve(
      { filter: /^@aws-lambda-powertools\/commons(\/|$)/ },
      async ({ path, importer, kind, pluginData }) => {
        const fromParameters = importer.includes(
          '/node_modules/@aws-lambda-powertools/parameters/',
        );
        if (!fromParameters || pluginData === onePowertoolsCommons) return undefined;
        const root = importer.slice(
          0,
          importer.indexOf('/node_modules/') + '/node_modules/'.length,
        );
        return build.resolve(path, { kind, resolveDir: root, pluginData: onePowertoolsCommons });
      },
    );
  },
};

/** The AWS services whose clients reel bundles and X-Ray's whitelist describes. */
const xrayWhitelistServices = ['s3', 'dynamodb'];

/**
 * X-Ray's whitelist (the request and response fields its v3 patcher records per service and
 * operation) with the services reel calls only: S3 and DynamoDB kept whole; SQS, SNS, Lambda and
 * SageMaker Runtime, which no app calls, dropped (~2.4 KB).
 */
/** @type {import('esbuild').Plugin} */
const xrayWhitelistOfReelServices = {
  name: 'reel-xray-whitelist-of-reel-services',
  setup(build) {
    build.onLoad(
      { filter: /node_modules\/aws-xray-sdk-core\/dist\/lib\/resources\/aws_whitelist\.json$/ },
      async ({ path }) => {
        const { services, ...rest } = JSON.parse(await readFile(path, 'utf8'));
        const kept = Object.fromEntries(
          xrayWhitelistServices.map((service) => {
            if (!(service in services)) throw new Error(`${path} has no "${service}" entry`);
            return [service, services[service]];
          }),
        );
        return { contents: JSON.stringify({ ...rest, services: kept }), loader: 'json' };
      },
    );
  },
};

/**
 * The SSM client registers all 140 of its exception classes and their schemas at import
 * (~28 KB), for the 4 commands reel sends, through Powertools Parameters. Only the errors those
 * commands can answer (SSM API reference), throttling and access denied keep their class; any
 * other SSM error arrives as `SSMServiceException` with its `name`, `$fault`, message and
 * `$metadata` (what the SDK does with an error code it does not know). A bundle that loads another
 * SSM command fails to build until its errors are listed here.
 */
const ssmCommandErrors = {
  GetParameterCommand: [
    'InternalServerError',
    'InvalidKeyId',
    'ParameterNotFound',
    'ParameterVersionNotFound',
  ],
  GetParametersCommand: ['InternalServerError', 'InvalidKeyId'],
  GetParametersByPathCommand: [
    'InternalServerError',
    'InvalidFilterKey',
    'InvalidFilterOption',
    'InvalidFilterValue',
    'InvalidKeyId',
    'InvalidNextToken',
  ],
  PutParameterCommand: [
    'HierarchyLevelLimitExceededException',
    'HierarchyTypeMismatchException',
    'IncompatiblePolicyException',
    'InternalServerError',
    'InvalidAllowedPatternException',
    'InvalidKeyId',
    'InvalidPolicyAttributeException',
    'InvalidPolicyTypeException',
    'ParameterAlreadyExists',
    'ParameterLimitExceeded',
    'ParameterMaxVersionLimitExceeded',
    'ParameterPatternMismatchException',
    'PoliciesLimitExceededException',
    'TooManyUpdates',
    'UnsupportedParameterType',
  ],
};
const ssmKeptErrors = new Set([
  'AccessDeniedException',
  'ThrottlingException',
  ...Object.values(ssmCommandErrors).flat(),
]);
// An error's schema and its registration; the schema of an error not kept stays an export, empty.
const ssmErrorRegistration =
  /^export var (\w+)\$ = \[-3, n0, [^;]*\];\nn0_registry\.registerError\(\1\$, \1\);\n/gm;

const awsSdkSchemaFile =
  /node_modules\/@aws-sdk\/[^/]+\/dist-es\/(submodules\/[^/]+\/)?schemas\/schemas_0\.js$/;
const schemaStringConstant = /^const (_\w+) = ("[^"\\\n]*");\n/gm;
const stringOrName =
  /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|(?<![.\w$])_\w+(?![\w$])/g;

/**
 * A client's schemas (`schemas/schemas_0.js`) with its string constants (`const _GP =
 * "GetParameter"`, ~1,500 in SSM) written where they are used. The SDK only reaches the file
 * through `import()`, and in a module esbuild wraps to evaluate on first use, it keeps every
 * top-level constant even when the schemas that name it are dropped: S3's schemas 75 → 28 KB,
 * Transcribe's 21 → 4 KB. Same values, nothing else changes; a file with an interpolating
 * template literal is left as it is.
 */
function inlineSchemaStrings(source) {
  const values = new Map();
  const rest = source.replace(schemaStringConstant, (line, name, value) => {
    values.set(name, value);
    return '';
  });
  if (values.size === 0 || /`[^`]*\$\{/.test(rest)) return source;
  return rest.replace(stringOrName, (match) => values.get(match) ?? match);
}

/** @type {import('esbuild').Plugin} */
const awsSdkSchemas = {
  name: 'reel-aws-sdk-schemas',
  setup(build) {
    // After tree-shaking (every module is loaded, not every one kept): the commands in the bundle.
    build.initialOptions.metafile = true;
    build.onEnd(({ metafile }) => {
      const commandFile =
        /node_modules\/@aws-sdk\/client-ssm\/dist-es\/commands\/(\w+Command)\.js$/;
      const unlisted = Object.values(metafile?.outputs ?? {}).flatMap(({ inputs }) =>
        Object.entries(inputs)
          .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
          .map(([input]) => commandFile.exec(input)?.[1])
          .filter((command) => command !== undefined && !(command in ssmCommandErrors)),
      );
      return {
        errors: unlisted.map((command) => ({
          text: `${command} is bundled but its errors are not listed in ssmCommandErrors (tools/scripts/esbuild-app.config.mjs): add them from the SSM API reference`,
        })),
      };
    });
    build.onLoad({ filter: awsSdkSchemaFile }, async ({ path }) => {
      let source = await readFile(path, 'utf8');
      if (path.includes('/node_modules/@aws-sdk/client-ssm/')) {
        let kept = 0;
        source = source.replace(ssmErrorRegistration, (line, name) =>
          ssmKeptErrors.has(name) ? ((kept += 1), line) : `export var ${name}$;\n`,
        );
        if (kept !== ssmKeptErrors.size) {
          throw new Error(
            `${path}: registered ${kept} of the ${ssmKeptErrors.size} kept SSM errors`,
          );
        }
      }
      return { contents: inlineSchemaStrings(source), loader: 'js', resolveDir: dirname(path) };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
export default {
  banner: {
    js: "import { createRequire as __reelCreateRequire } from 'node:module'; const require = __reelCreateRequire(import.meta.url);",
  },
  outExtension: { '.js': '.mjs' },
  legalComments: 'none',
  mainFields: ['module', 'main'],
  charset: 'utf8',
  plugins: [
    builtinsThroughRequire,
    awsSdkNamedReExports,
    xraySemverGteOnly,
    zodWithoutJsonSchema,
    packageJsonNameAndVersion,
    figuresExecaIcons,
    credentialsWithoutSessions,
    awsSdkCompactExceptions,
    onePowertoolsCommons,
    xrayWhitelistOfReelServices,
    awsSdkSchemas,
  ],
};
