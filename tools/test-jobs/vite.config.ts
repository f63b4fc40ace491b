import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'test-jobs',
  projectRoot: import.meta.dirname,
});
