import { loadConfig } from '@reel/config';
import {
  buildAtInit,
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

/** Lambda's entry: built at import (init); a bad config fails the first invocation, typed. */
export const handler = createValidateHandler(
  buildAtInit(() =>
    createServiceDependencies(loadConfig(process.env), { service: 'media-validator' }),
  ),
);
