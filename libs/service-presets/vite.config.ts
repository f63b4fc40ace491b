import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'service-presets',
  projectRoot: import.meta.dirname,
});
