import { runTool } from './run-tool';

export interface LavfiClipOptions {
  outputPath: string;
  durationSec: number;
  /** Omit for audio only. */
  video?: { width: number; height: number; fps?: number };
  /** Omit for video only. A sine tone at `frequencyHz`. */
  audio?: { frequencyHz?: number; sampleRateHz?: number };
  /** MP4 only: moov atom first (default true). Cameras and most editors put it last. */
  faststart?: boolean;
}

/**
 * A test pattern and/or tone of an exact length from ffmpeg's lavfi sources (`testsrc2`, `sine`).
 * Container and codecs follow the extension (.mp4: H.264/AAC, .mkv, .webm, .wav, .mp3).
 *
 * @example
 * await generateLavfiClip({ outputPath: '/tmp/a.mp4', durationSec: 5, video: { width: 640, height: 360 }, audio: {} });
 */
export async function generateLavfiClip({
  outputPath,
  durationSec,
  video,
  audio,
  faststart = true,
}: LavfiClipOptions): Promise<string> {
  if (!video && !audio) throw new TypeError('generateLavfiClip needs video, audio or both');
  const isMp4 = /\.(mp4|mov|m4a)$/i.test(outputPath);
  const args: string[] = ['-v', 'error', '-y'];
  if (video) {
    const fps = video.fps ?? 25;
    args.push(
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${video.width}x${video.height}:rate=${fps}:duration=${durationSec}`,
    );
  }
  if (audio) {
    const sampleRateHz = audio.sampleRateHz ?? 48_000;
    args.push(
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${audio.frequencyHz ?? 440}:sample_rate=${sampleRateHz}:duration=${durationSec}`,
    );
  }
  if (video) args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (audio && isMp4) args.push('-c:a', 'aac', '-b:a', '96k');
  if (isMp4 && faststart) args.push('-movflags', '+faststart');
  args.push(outputPath);
  await runTool('ffmpeg', args);
  return outputPath;
}
