import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'workflow',
  projectRoot: import.meta.dirname,
});
