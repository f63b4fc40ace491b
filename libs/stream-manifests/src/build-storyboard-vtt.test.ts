import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { buildStoryboardVtt } from './build-storyboard-vtt';

describe('Function: buildStoryboardVtt', () => {
  it('writes one cue per tile whose payload is the sprite with an xywh fragment', () => {
    // Act
    const vtt = buildStoryboardVtt({
      spriteUri: 'sprite.jpg',
      tiles: [
        { startSec: 0, endSec: 10, x: 0, y: 0, width: 160, height: 90 },
        { startSec: 10, endSec: 3725.5, x: 160, y: 0, width: 160, height: 90 },
      ],
    });

    // Assess
    expect(vtt).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.000 --> 00:00:10.000',
        'sprite.jpg#xywh=0,0,160,90',
        '',
        '00:00:10.000 --> 01:02:05.500',
        'sprite.jpg#xywh=160,0,160,90',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [
      'a tile that ends before it starts',
      { startSec: 5, endSec: 5, x: 0, y: 0, width: 1, height: 1 },
    ],
    ['a fractional pixel', { startSec: 0, endSec: 5, x: 0.5, y: 0, width: 1, height: 1 }],
    ['a zero-width tile', { startSec: 0, endSec: 5, x: 0, y: 0, width: 0, height: 1 }],
  ])('rejects %s', (_, tile) => {
    // Act + Assess
    expect(() => buildStoryboardVtt({ spriteUri: 'sprite.jpg', tiles: [tile] })).toThrow(
      InvalidRequestError,
    );
  });

  it('rejects a sprite URI that would end the cue', () => {
    // Act + Assess
    expect(() => buildStoryboardVtt({ spriteUri: 'a\n\nWEBVTT', tiles: [] })).toThrow(
      InvalidRequestError,
    );
  });
});
