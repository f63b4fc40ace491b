import { createStepHandler, type ServiceDependencies } from '@reel/lambda-kit';
import { validateInput, validateOptionsSchema } from './validate-input';

/** The `ValidateInput` task's handler; tests pass their own dependencies, Lambda uses `process.env`. */
export function createValidateHandler(dependencies?: () => ServiceDependencies) {
  return createStepHandler({
    service: 'media-validator',
    step: 'validate',
    optionsSchema: validateOptionsSchema,
    run: validateInput,
    dependencies,
  });
}

export const handler = createValidateHandler();
