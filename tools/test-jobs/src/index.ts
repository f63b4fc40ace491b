export { createTestEnvironment, lambdaContext } from './test-environment';
export type { TestEnvironment } from './test-environment';
