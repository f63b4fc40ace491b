import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'cut-plan',
  projectRoot: import.meta.dirname,
});
