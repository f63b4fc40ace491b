import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'media-transcoder',
  projectRoot: import.meta.dirname,
  testTimeoutMs: 180_000,
});
