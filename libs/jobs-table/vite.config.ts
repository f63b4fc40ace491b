import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'jobs-table',
  projectRoot: import.meta.dirname,
});
