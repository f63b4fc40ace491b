import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'api-keys',
  projectRoot: import.meta.dirname,
});
