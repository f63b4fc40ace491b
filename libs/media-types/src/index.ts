export { probeStreamSchema, probeSummarySchema, streamTypes } from './probe-summary';
export type { ProbeStream, ProbeStreamType, ProbeSummary } from './probe-summary';
export { guardrailOverridesSchema } from './guardrail-overrides';
export type { GuardrailOverridesDocument } from './guardrail-overrides';
