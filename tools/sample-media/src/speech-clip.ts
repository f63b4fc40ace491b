import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeDurationSec, runTool } from './run-tool';

export const defaultPhrases = [
  'Welcome to the reel podcast.',
  'Today we talk about serverless media processing.',
  'Um, the first thing is probing every upload.',
  'Thanks for listening, see you next week.',
];

export interface SpeechSpan {
  text: string;
  startSec: number;
  endSec: number;
}

export interface SpeechClip {
  path: string;
  durationSec: number;
  /** Where each phrase was placed: the truth transcripts and cut plans are checked against. */
  speech: SpeechSpan[];
  /** The silences between (and around) phrases. */
  silences: Array<{ startSec: number; endSec: number }>;
}

export interface SpeechClipOptions {
  outputPath: string;
  phrases?: string[];
  /** Silence between phrases, and before the first / after the last. */
  silenceSec?: number;
  leadingSilenceSec?: number;
  /** Omit for an audio-only file (format from the extension: .wav, .mp3, .m4a). */
  video?: { width: number; height: number; fps?: number };
  /** Repeat the phrase list until the clip is at least this long. */
  minDurationSec?: number;
  voice?: string;
}

/**
 * Speech from espeak-ng with known silences, optionally over a lavfi test pattern: the fixture for
 * extraction, transcription and cut planning. Phrase positions are returned as the truth.
 *
 * @example
 * const clip = await generateSpeechClip({ outputPath: '/tmp/talk.mp4', video: { width: 1280, height: 720 } });
 */
export async function generateSpeechClip({
  outputPath,
  phrases = defaultPhrases,
  silenceSec = 1.5,
  leadingSilenceSec = 0.5,
  video,
  minDurationSec = 0,
  voice = 'en-us',
}: SpeechClipOptions): Promise<SpeechClip> {
  const workDir = await mkdtemp(join(tmpdir(), 'reel-speech-'));
  try {
    const phraseFiles: Array<{ text: string; path: string; durationSec: number }> = [];
    let spokenSec = 0;
    for (let index = 0; spokenSec < minDurationSec || index < phrases.length; index += 1) {
      const text = phrases[index % phrases.length] as string;
      const path = join(workDir, `phrase-${index}.wav`);
      await runTool('espeak-ng', ['-v', voice, '-s', '150', '-w', path, text]);
      const durationSec = await probeDurationSec(path);
      phraseFiles.push({ text, path, durationSec });
      spokenSec += durationSec + silenceSec;
    }

    const speech: SpeechSpan[] = [];
    const silences: SpeechClip['silences'] = [];
    const args: string[] = ['-v', 'error', '-y'];
    const concatInputs: string[] = [];
    let cursorSec = 0;
    const addSilence = (durationSec: number) => {
      args.push('-f', 'lavfi', '-i', `anullsrc=r=22050:cl=mono:d=${durationSec}`);
      concatInputs.push(`[${concatInputs.length}:a]`);
      silences.push({ startSec: cursorSec, endSec: cursorSec + durationSec });
      cursorSec += durationSec;
    };
    addSilence(leadingSilenceSec);
    for (const phrase of phraseFiles) {
      args.push('-i', phrase.path);
      concatInputs.push(`[${concatInputs.length}:a]`);
      speech.push({
        text: phrase.text,
        startSec: cursorSec,
        endSec: cursorSec + phrase.durationSec,
      });
      cursorSec += phrase.durationSec;
      addSilence(silenceSec);
    }
    const durationSec = cursorSec;
    const audioFilter = `${concatInputs.join('')}concat=n=${concatInputs.length}:v=0:a=1,aresample=48000[speech]`;
    if (video) {
      const fps = video.fps ?? 25;
      args.push(
        '-f',
        'lavfi',
        '-i',
        `testsrc2=size=${video.width}x${video.height}:rate=${fps}:duration=${durationSec}`,
      );
      args.push(
        '-filter_complex',
        audioFilter,
        '-map',
        `${concatInputs.length}:v`,
        '-map',
        '[speech]',
      );
      args.push(
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        '-g',
        String(fps * 2),
      );
      args.push('-c:a', 'aac', '-b:a', '96k', '-shortest', '-movflags', '+faststart', outputPath);
    } else {
      args.push('-filter_complex', audioFilter, '-map', '[speech]', outputPath);
    }
    await runTool('ffmpeg', args);
    return { path: outputPath, durationSec, speech, silences };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
