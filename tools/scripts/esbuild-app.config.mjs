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
//   in its AWS SDK v2 patcher; it gets just `gte`.
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
      contents: "module.exports = { gte: require('semver/functions/gte') };",
      resolveDir: pluginData,
      loader: 'js',
    }));
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
  plugins: [builtinsThroughRequire, awsSdkNamedReExports, xraySemverGteOnly],
};
