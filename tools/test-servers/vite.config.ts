import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'test-servers',
  projectRoot: import.meta.dirname,
});
