import { tightenGuardrails, type GuardrailOverrides, type Guardrails } from './guardrails';
import { READ_MARGIN_SEC } from './output-limits';
import type { OperationOptions, OperationRequest } from './run-operation';

/** Options every operation takes: {@link OperationOptions} and a tenant's tighter guardrails. */
export interface MediaOperationOptions extends OperationOptions {
  /** Absolute path of the input. */
  input: string;
  /** A tenant's or job's overrides; they only tighten the runtime's guardrails. */
  guardrails?: GuardrailOverrides;
}

/** What the runtime binds once for every operation. */
export interface OperationContext {
  runner: OperationRequest['runner'];
  guardrails: Guardrails;
}

/** The duration guardrail after a tenant's overrides, and the `-t` read limit that enforces it. */
export function limitsOf(context: OperationContext, overrides: GuardrailOverrides | undefined) {
  const { maxDurationSec } = tightenGuardrails(context.guardrails, overrides);
  return { maxDurationSec, readLimitSec: maxDurationSec + READ_MARGIN_SEC };
}
