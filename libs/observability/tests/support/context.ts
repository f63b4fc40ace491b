import type { ObservabilityOptions } from '../../src/index';

export const testContext = {
  service: 'audio-extraction',
  correlationId: 'corr-7f3a',
  tenantId: 'acme',
  jobId: 'job-0042',
  step: 'audio-extraction',
  env: 'test',
} as const satisfies ObservabilityOptions;
