import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'job-status',
  projectRoot: import.meta.dirname,
});
