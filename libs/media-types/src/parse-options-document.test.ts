import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { parseOptionsDocument } from './parse-options-document';
import { transcodeOptionsSchema } from './transcode-options';

describe('parseOptionsDocument', () => {
  const labels = { kind: 'transcode', advice: 'Fix the options.' };

  it('returns the parsed document with its defaults', () => {
    const options = parseOptionsDocument(transcodeOptionsSchema, { rungs: [720] }, labels);
    expect(options).toMatchObject({ rungs: [720], segmentDurationSec: 4 });
  });

  it('names every bad field in one InvalidRequestError', () => {
    const error = (() => {
      try {
        return parseOptionsDocument(
          transcodeOptionsSchema,
          { segmentDurationSec: 0, thumbnailIntervalSec: 0 },
          labels,
        );
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).message).toMatch(
      /^Invalid transcode options: segmentDurationSec: .+; thumbnailIntervalSec: /,
    );
    expect((error as InvalidRequestError).advice).toBe('Fix the options.');
  });
});
