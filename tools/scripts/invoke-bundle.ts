// `npx nx run <service>:invoke [-- --event '{...}']`: runs the service's built bundle (the same
// index.mjs the image runs) in this process with a Lambda-like context, and prints its result as
// JSON. Exit code 1 when the handler throws or reports `validationPassed: false`.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getServicePreset } from '@reel/service-presets';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { event: { type: 'string', default: '{}' }, help: { type: 'boolean', short: 'h' } },
});
const service = positionals[0];
if (values.help || !service) {
  console.log(
    'usage: invoke-bundle <service> [--event JSON]\n\nRuns dist/apps/<service>/index.mjs with a Lambda-like context.',
  );
  process.exit(service ? 0 : 2);
}
const bundlePath = join(import.meta.dirname, '../../dist/apps', service, 'index.mjs');
if (!existsSync(bundlePath)) {
  console.error(`No bundle at ${bundlePath}. Build it first: npx nx run ${service}:build`);
  process.exit(1);
}
const deadlineAtMs = Date.now() + getServicePreset(service).timeoutSec * 1000;
const context = {
  awsRequestId: randomUUID(),
  getRemainingTimeInMillis: () => deadlineAtMs - Date.now(),
};
const { handler } = (await import(pathToFileURL(bundlePath).href)) as {
  handler: (event: unknown, lambdaContext: typeof context) => Promise<unknown>;
};
try {
  const result = await handler(JSON.parse(values.event), context);
  console.log(JSON.stringify(result, null, 2));
  const passed = (result as { validationPassed?: boolean } | null)?.validationPassed;
  process.exit(passed === false ? 1 : 0);
} catch (error) {
  const { name, code, message, advice } = error as {
    name?: string;
    code?: string;
    message?: string;
    advice?: string;
  };
  console.error(JSON.stringify({ errorType: name, code, message, advice }, null, 2));
  process.exit(1);
}
