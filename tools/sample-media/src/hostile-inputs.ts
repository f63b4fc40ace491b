import { rm, stat, truncate, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateLavfiClip } from './lavfi-clip';
import { buildMatroskaClaimingSize } from './matroska-header';

export interface HostileInputs {
  /** 0 bytes, named .mp4. */
  zeroByte: string;
  /** A real H.264/AAC MP4 with its second half cut off (moov at the end, so it is lost). */
  truncatedMp4: string;
  /** Plain text named .mp4. */
  textAsMp4: string;
  /** An HLS playlist whose segments point at http:// and file:///etc/passwd. */
  hlsPlaylist: string;
  /** An ffconcat list naming /etc/passwd. */
  ffconcatList: string;
  /** A Matroska file whose header claims a 100000×100000 frame. */
  hugeDimensions: string;
  /** Audio only (a WAV tone), for steps that need video. */
  audioOnly: string;
}

/**
 * Writes the hostile uploads reel must refuse (each with a clear typed error and no outputs) into
 * `dir`, which the caller owns and removes.
 */
export async function writeHostileInputs(dir: string): Promise<HostileInputs> {
  const zeroByte = join(dir, 'zero-byte.mp4');
  await writeFile(zeroByte, '');

  const truncatedMp4 = join(dir, 'truncated.mp4');
  const completeMp4 = join(dir, 'complete-for-truncation.mp4');
  // No +faststart: the moov atom stays at the end, as most cameras and editors write it.
  await generateLavfiClip({
    outputPath: completeMp4,
    durationSec: 2,
    video: { width: 320, height: 240 },
    audio: {},
    faststart: false,
  });
  await copyFile(completeMp4, truncatedMp4);
  await truncate(truncatedMp4, Math.floor((await stat(completeMp4)).size / 2));
  await rm(completeMp4);

  const textAsMp4 = join(dir, 'not-a-video.mp4');
  await writeFile(textAsMp4, 'This is a text file pretending to be a video.\n'.repeat(20));

  const hlsPlaylist = join(dir, 'playlist.m3u8');
  await writeFile(
    hlsPlaylist,
    [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:10',
      '#EXTINF:10,',
      'http://169.254.169.254/latest/meta-data/',
      '#EXTINF:10,',
      'file:///etc/passwd',
      '#EXT-X-ENDLIST',
      '',
    ].join('\n'),
  );

  const ffconcatList = join(dir, 'list.ffconcat');
  await writeFile(
    ffconcatList,
    ['ffconcat version 1.0', "file '/etc/passwd'", "file '../../../../etc/shadow'", ''].join('\n'),
  );

  const hugeDimensions = join(dir, 'huge-dimensions.mkv');
  await writeFile(hugeDimensions, buildMatroskaClaimingSize({ width: 100_000, height: 100_000 }));

  const audioOnly = join(dir, 'audio-only.wav');
  await generateLavfiClip({ outputPath: audioOnly, durationSec: 2, audio: {} });

  return {
    zeroByte,
    truncatedMp4,
    textAsMp4,
    hlsPlaylist,
    ffconcatList,
    hugeDimensions,
    audioOnly,
  };
}
