import { defineReelVitestConfig } from '../../vitest.shared';

export default defineReelVitestConfig({
  projectName: 'stream-player',
  projectRoot: import.meta.dirname,
  // Chromium takes seconds to start and to play on a shared 2-core machine.
  testTimeoutMs: 120_000,
});
