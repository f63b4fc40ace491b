import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'error-taxonomy',
  projectRoot: import.meta.dirname,
});
