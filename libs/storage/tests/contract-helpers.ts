import { buildJobKey, buildJobRootKey, type JobKeyKind } from '../src';

export const env = 'dev';
export const tenantId = 'acme';
let jobCounter = 0;

/** A fresh job per test, so tests sharing one store never see each other's objects. */
export function nextJob() {
  jobCounter += 1;
  const jobId = `job-${jobCounter}`;
  return {
    jobId,
    root: buildJobRootKey({ env, tenantId, jobId }),
    key: (kind: JobKeyKind, name: string) => buildJobKey({ env, tenantId, jobId, kind, name }),
  };
}

/** Polls `condition` every 20 ms for up to 10 s. */
export async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
