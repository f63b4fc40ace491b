import { loadConfig } from '@reel/config';
import {
  createServiceDependencies,
  createStepHandler,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import { validateInput, validateOptionsSchema } from './validate-input';

/** The `ValidateInput` task's handler over the given dependencies (tests pass their own). */
export function createValidateHandler(dependencies: () => ServiceDependencies) {
  return createStepHandler({
    service: 'media-validator',
    step: 'validate',
    optionsSchema: validateOptionsSchema,
    run: validateInput,
    dependencies,
  });
}

/** Lambda's entry: the config is read from the environment once, on the first invocation. */
export const handler = createValidateHandler(() =>
  createServiceDependencies(loadConfig(process.env), { service: 'media-validator' }),
);
