import { loadConfig } from '@reel/config';
import {
  createServiceDependencies,
  createStepHandler,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import { planJobCuts, smartCutPlannerOptionsSchema } from './plan-job-cuts';

/** The `PlanCuts` task's handler over the given dependencies (tests pass their own). */
export function createSmartCutPlannerHandler(dependencies: () => ServiceDependencies) {
  return createStepHandler({
    service: 'smart-cut-planner',
    step: 'smart-cut-planner',
    optionsSchema: smartCutPlannerOptionsSchema,
    run: planJobCuts,
    dependencies,
  });
}

/** Lambda's entry: the config is read from the environment once, on the first invocation. */
export const handler = createSmartCutPlannerHandler(() =>
  createServiceDependencies(loadConfig(process.env), { service: 'smart-cut-planner' }),
);
