import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'tenant-settings',
  projectRoot: import.meta.dirname,
});
