import { describe, expect, it } from 'vitest';
import { CorruptInputError, GuardrailExceededError } from '@reel/error-taxonomy';
import { relabelError } from './input-label';

describe('Function: relabelError', () => {
  it('names the input by its label where the message names the scratch path, keeping the path in details', () => {
    // Prepare
    const error = new CorruptInputError('/tmp/reel-a1/input.mp4 is truncated', {
      details: { measuredDurationSec: 2.7 },
      advice: 'Upload it again.',
    });

    // Act
    const relabelled = relabelError(error, {
      input: '/tmp/reel-a1/input.mp4',
      inputLabel: 'talk.mp4',
    });

    // Assess
    expect(relabelled).toBeInstanceOf(CorruptInputError);
    expect(relabelled).toMatchObject({
      message: 'talk.mp4 is truncated',
      advice: 'Upload it again.',
      details: {
        measuredDurationSec: 2.7,
        input: '/tmp/reel-a1/input.mp4',
        inputLabel: 'talk.mp4',
      },
      cause: error,
    });
  });

  it('prefixes the label to a message that names no path', () => {
    const error = new GuardrailExceededError('The input has 20 streams, more than the 16 allowed');

    const relabelled = relabelError(error, {
      input: ['/a/in.mkv', '/b/in.mkv'],
      inputLabel: 'x.mkv',
    });

    expect((relabelled as Error).message).toBe(
      'x.mkv: The input has 20 streams, more than the 16 allowed',
    );
  });

  it('returns other errors, or any error without a label, as they are', () => {
    const plain = new Error('/tmp/a boom');
    const typed = new CorruptInputError('/tmp/a is empty');

    expect(relabelError(plain, { input: '/tmp/a', inputLabel: 'a.mp4' })).toBe(plain);
    expect(relabelError(typed, { input: '/tmp/a', inputLabel: undefined })).toBe(typed);
  });
});
