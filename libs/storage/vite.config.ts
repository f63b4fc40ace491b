import { mergeConfig } from 'vitest/config';
import { defineReelVitestConfig } from '../../vitest.shared';

export default mergeConfig(
  defineReelVitestConfig({
    projectName: 'storage',
    projectRoot: import.meta.dirname,
    testTimeoutMs: 120_000,
  }),
  {
    test: {
      // s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has
      // in its legacy provider (jamhall/s3rver#818); without it every second page is a 500.
      execArgv: ['--openssl-legacy-provider'],
    },
  },
);
