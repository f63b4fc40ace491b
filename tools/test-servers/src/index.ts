export { startS3rver } from './s3rver-harness';
export type { S3rverHarness } from './s3rver-harness';
export { startDynalite } from './dynalite-server';
export type { DynaliteHandle } from './dynalite-server';
export { startMotoServer } from './moto-server';
export type { MotoServer } from './moto-server';
