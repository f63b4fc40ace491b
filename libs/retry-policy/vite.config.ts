import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'retry-policy',
  projectRoot: import.meta.dirname,
});
