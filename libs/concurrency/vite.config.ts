import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'concurrency',
  projectRoot: import.meta.dirname,
});
