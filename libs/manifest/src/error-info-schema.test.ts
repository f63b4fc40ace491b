import {
  ConflictError,
  CorruptInputError,
  errorClasses,
  errorTypes,
  toErrorInfo,
  type ErrorInfo,
} from '@reel/error-taxonomy';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { errorInfoSchema } from './error-info-schema';

describe('Schema: errorInfoSchema', () => {
  it('has exactly the type of ErrorInfo from the error taxonomy', () => {
    expectTypeOf<z.infer<typeof errorInfoSchema>>().toEqualTypeOf<ErrorInfo>();
  });

  it('accepts what toErrorInfo makes of every error type', () => {
    for (const type of errorTypes) {
      // Prepare
      const info = toErrorInfo(new errorClasses[type]('boom', { details: { step: 'audio' } }));

      // Act
      const parsed = errorInfoSchema.parse(JSON.parse(JSON.stringify(info)));

      // Assess
      expect(parsed).toEqual(info);
    }
  });

  it('rejects a code that does not belong to the catalog', () => {
    // Prepare
    const info = { ...toErrorInfo(new ConflictError('stale')), code: 'STALE' };

    // Act
    const result = errorInfoSchema.safeParse(info);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['code']);
  });

  it('keeps details with strings, numbers, booleans, null and string lists', () => {
    const info = toErrorInfo(
      new CorruptInputError('moov atom not found', {
        details: { exitCode: 1, stderrTail: ['moov atom not found'], signal: null, partial: true },
      }),
    );
    expect(errorInfoSchema.parse(info).details).toEqual({
      exitCode: 1,
      stderrTail: ['moov atom not found'],
      signal: null,
      partial: true,
    });
  });
});
