import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'http-api',
  projectRoot: import.meta.dirname,
});
