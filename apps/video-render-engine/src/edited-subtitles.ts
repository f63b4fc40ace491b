import { retimeTranscript, type RenderTimeline } from '@reel/render-timeline';
import { buildCues, writeSrt, writeVtt, type SubtitleCue, type Transcript } from '@reel/transcript';

/** The transcript and its subtitles on the render's timeline. */
export interface EditedSubtitles {
  transcript: Transcript;
  /** The cues on the render's clock (a chunked render burns its share of them per chunk). */
  cues: SubtitleCue[];
  srt: string;
  vtt: string;
  cueCount: number;
}

/**
 * Re-times the job's transcript to the render (words in removed spans dropped, later words moved
 * up by the time removed before them, the intro's length added) and lays the re-timed words out
 * as cues, so the sidecar files, the burnt-in text and the transcript beside the render agree.
 *
 * @example
 * const { srt, vtt } = editSubtitles({ transcript, timeline, offsetSec: 2, durationSec: 41.5 });
 */
export function editSubtitles({
  transcript,
  timeline,
  offsetSec,
  durationSec,
}: {
  transcript: Transcript;
  timeline: Pick<RenderTimeline, 'pieces' | 'mainDurationSec'>;
  offsetSec: number;
  durationSec: number;
}): EditedSubtitles {
  const edited = retimeTranscript({ transcript, timeline, offsetSec, durationSec });
  const cues = buildCues({
    words: edited.words,
    ...(edited.segments.length > 0 ? { segments: edited.segments } : {}),
  });
  return {
    transcript: edited,
    cues,
    srt: writeSrt(cues),
    vtt: writeVtt(cues),
    cueCount: cues.length,
  };
}
