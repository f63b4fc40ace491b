import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'config',
  projectRoot: import.meta.dirname,
});
