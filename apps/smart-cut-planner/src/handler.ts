import { createStepHandler, type ServiceDependencies } from '@reel/lambda-kit';
import { planJobCuts, smartCutPlannerOptionsSchema } from './plan-job-cuts';

/** The `PlanCuts` task's handler; tests pass their own dependencies, Lambda uses `process.env`. */
export function createSmartCutPlannerHandler(dependencies?: () => ServiceDependencies) {
  return createStepHandler({
    service: 'smart-cut-planner',
    step: 'smart-cut-planner',
    optionsSchema: smartCutPlannerOptionsSchema,
    run: planJobCuts,
    dependencies,
  });
}

export const handler = createSmartCutPlannerHandler();
