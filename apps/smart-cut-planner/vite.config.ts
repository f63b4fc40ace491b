import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'smart-cut-planner',
  projectRoot: import.meta.dirname,
});
