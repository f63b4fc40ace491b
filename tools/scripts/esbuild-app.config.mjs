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
import { builtinModules } from 'node:module';

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

/** @type {import('esbuild').BuildOptions} */
export default {
  banner: {
    js: "import { createRequire as __reelCreateRequire } from 'node:module'; const require = __reelCreateRequire(import.meta.url);",
  },
  outExtension: { '.js': '.mjs' },
  legalComments: 'none',
  mainFields: ['module', 'main'],
  plugins: [builtinsThroughRequire],
};
