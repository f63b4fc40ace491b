import { loadConfig } from '@reel/config';
import {
  buildAtInit,
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

/** Lambda's entry: built at import (init); a bad config fails the first invocation, typed. */
export const handler = createSmartCutPlannerHandler(
  buildAtInit(() =>
    createServiceDependencies(loadConfig(process.env), { service: 'smart-cut-planner' }),
  ),
);
