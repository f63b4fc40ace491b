import type { GuardrailOverrides } from '@reel/ffmpeg-runtime';
import type { Observability } from '@reel/observability';

/** What every ffmpeg run of the step is bound by: the deadline, the abort, the logs, the tenant's guardrails. */
export interface OperationBounds {
  deadlineAtMs: number;
  signal: AbortSignal;
  observability: Observability;
  guardrails?: GuardrailOverrides;
}
