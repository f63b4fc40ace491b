import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { transcodeOptionsSchema } from '@reel/media-types';
import { resolveTranscodeOptions } from './transcoder-options';

describe('Function: resolveTranscodeOptions', () => {
  it('fills every field from the platform defaults when nobody sets one', () => {
    // Act
    const options = resolveTranscodeOptions({ tenantDefaults: undefined, jobOptions: undefined });

    // Assess
    expect(options).toEqual(transcodeOptionsSchema.parse({}));
  });

  it("lays the job's options over the tenant's over the platform's, field by field", () => {
    // Act
    const options = resolveTranscodeOptions({
      platformDefaults: { x264Preset: 'faster', thumbnailIntervalSec: 5 },
      tenantDefaults: { rungs: [720, 480], segmentDurationSec: 6, thumbnailIntervalSec: 20 },
      jobOptions: { segmentDurationSec: 2 },
    });

    // Assess
    expect(options).toMatchObject({
      rungs: [720, 480],
      segmentDurationSec: 2,
      thumbnailIntervalSec: 20,
      x264Preset: 'faster',
      lowestRungFirst: true,
    });
  });

  it("takes rungs and segment length from the platform when the tenant's ladder chose none", () => {
    // Act: a tenant with nothing stored holds `ladder: {}` (@reel/tenant-settings)
    const fromPlatform = resolveTranscodeOptions({
      platformDefaults: { rungs: [720, 480], segmentDurationSec: 2 },
      tenantDefaults: {},
      jobOptions: undefined,
    });
    const fromSchema = resolveTranscodeOptions({ tenantDefaults: {}, jobOptions: undefined });

    // Assess
    expect(fromPlatform).toMatchObject({ rungs: [720, 480], segmentDurationSec: 2 });
    expect(fromSchema).toMatchObject({ rungs: [1080, 720, 480], segmentDurationSec: 4 });
  });

  it.each([0, 3600])('refuses a segment duration of %s s, naming the field', (seconds) => {
    // Act
    const resolve = () =>
      resolveTranscodeOptions({
        tenantDefaults: undefined,
        jobOptions: { segmentDurationSec: seconds },
      });

    // Assess
    expect(resolve).toThrow(InvalidRequestError);
    expect(resolve).toThrow(/segmentDurationSec/);
  });

  it('refuses an unknown field and rungs that are not tallest first', () => {
    // Act
    const resolve = () =>
      resolveTranscodeOptions({
        tenantDefaults: undefined,
        jobOptions: { rungs: [240, 360], bitrate: 5 },
      });

    // Assess
    expect(resolve).toThrow(/rungs: rungs must be distinct heights, tallest first/);
    expect(resolve).toThrow(/bitrate/);
  });
});
