export { probeStreamSchema, probeSummarySchema, streamTypes } from './probe-summary';
export type { ProbeStream, ProbeStreamType, ProbeSummary } from './probe-summary';
