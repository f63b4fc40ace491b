import type { StepOutputFile } from '@reel/lambda-kit';
import type { RenderOptions } from '@reel/media-types';
import type { EditedSubtitles } from './edited-subtitles';
import { RENDER_FILE_NAMES } from './render-files';

/**
 * The re-timed subtitle files a render publishes: `render.srt` and `render.vtt` when the options
 * ask for sidecars (`sidecar` or `both`), and `transcript.json` whenever there is a transcript.
 * None without a transcript.
 *
 * @example
 * const files = [...subtitleFiles({ subtitles, options }), { name: 'episode.mp3', path }];
 */
export function subtitleFiles({
  subtitles,
  options,
}: {
  subtitles: EditedSubtitles | undefined;
  options: { subtitles: Pick<RenderOptions['subtitles'], 'mode'> };
}): StepOutputFile[] {
  if (subtitles === undefined) return [];
  const sidecar = options.subtitles.mode === 'sidecar' || options.subtitles.mode === 'both';
  return [
    ...(sidecar
      ? [
          { name: RENDER_FILE_NAMES.srt, text: subtitles.srt, contentType: 'application/x-subrip' },
          { name: RENDER_FILE_NAMES.vtt, text: subtitles.vtt, contentType: 'text/vtt' },
        ]
      : []),
    {
      name: RENDER_FILE_NAMES.transcript,
      text: `${JSON.stringify(subtitles.transcript, null, 2)}\n`,
      contentType: 'application/json',
    },
  ];
}
