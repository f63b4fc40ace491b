import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'lambda-kit',
  projectRoot: import.meta.dirname,
});
