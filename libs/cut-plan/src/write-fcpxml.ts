import type { CutPlan, CutPlanSegment } from './cut-plan-schema';
import { msToFrames, rationalSeconds } from './frame-rate';

/** Options of {@link writeFcpxml}. */
export interface FcpxmlOptions {
  /** Event and project name; default the source's name, else `reel cut plan`. */
  title?: string;
  /**
   * The media's URL for `<media-rep src>`, e.g. `file:///Volumes/media/ep-42.mp4`; default the
   * source's file name as a relative URL, which editors resolve next to the FCPXML (or relink).
   */
  mediaUrl?: string;
  /**
   * Carry every segment at its source time, so an editor decides in the NLE: cut clips are
   * `enabled="0"` with a `<marker>` naming the reason. Default false.
   */
  allSegments?: boolean;
}

/** Frame size declared for audio-only sources: FCPXML sequences always have a video format. */
const AUDIO_ONLY_FRAME = { width: 1920, height: 1080 };

/**
 * The plan as FCPXML 1.9 (Final Cut Pro 10.4.1+, DaVinci Resolve, Premiere via import): one asset
 * for the source and a project whose spine holds one `asset-clip` per kept segment, laid end to
 * end. Every time is a rational number of seconds on the plan's frame grid (`1001/30000s`
 * multiples at 29.97). In `mute` mode the spine holds every segment at its source time, the cut
 * ones with `<adjust-volume amount="-96dB"/>`, so the duration is unchanged. `speed` mode exports
 * like `cut`. With `allSegments` every segment is on the spine at its source time and each cut
 * clip is disabled (`enabled="0"`, what Final Cut and Resolve import as a disabled clip) with a
 * one-frame `<marker>` such as `reel cut: silence (confidence 0.82)` at its start (in mute mode
 * the muted clips stay enabled and get the same marker). Segments shorter than one frame
 * after rounding are left out. Pure.
 *
 * @example
 * await writeFile('cut-plan.fcpxml', writeFcpxml(plan, { mediaUrl: 'file:///media/ep-42.mp4' }));
 */
export function writeFcpxml(
  plan: CutPlan,
  { title, mediaUrl, allSegments = false }: FcpxmlOptions = {},
): string {
  const { frameRate, name, video, durationMs } = plan.source;
  const label = title ?? name ?? 'reel cut plan';
  const time = (frames: number) => rationalSeconds(frames, frameRate);
  const frame = video ?? AUDIO_ONLY_FRAME;

  const clips: string[] = [];
  let offsetFrames = 0;
  for (const segment of plan.segments) {
    const startFrames = msToFrames(segment.startMs, frameRate);
    const lengthFrames = msToFrames(segment.endMs, frameRate) - startFrames;
    const isCut = segment.action === 'cut';
    const muted = isCut && plan.mode === 'mute';
    if (lengthFrames <= 0 || (isCut && !muted && !allSegments)) continue;
    const attributes = attributeList({
      ref: 'r2',
      name: label,
      offset: time(offsetFrames),
      start: time(startFrames),
      duration: time(lengthFrames),
      ...(isCut && !muted ? { enabled: '0' } : {}),
      tcFormat: 'NDF',
    });
    const note = isCut && allSegments ? cutNote(segment) : undefined;
    const children = [
      ...(muted ? ['<adjust-volume amount="-96dB"/>'] : []),
      ...(note === undefined
        ? []
        : [
            `<marker ${attributeList({ start: time(startFrames), duration: time(1), value: note })}/>`,
          ]),
    ];
    clips.push(
      children.length === 0
        ? `            <asset-clip ${attributes}/>`
        : [
            `            <asset-clip ${attributes}>`,
            ...children.map((child) => `              ${child}`),
            '            </asset-clip>',
          ].join('\n'),
    );
    offsetFrames += lengthFrames;
  }

  const formatAttributes = attributeList({
    id: 'r1',
    frameDuration: time(1),
    width: String(frame.width),
    height: String(frame.height),
  });
  const assetAttributes = attributeList({
    id: 'r2',
    name: label,
    start: '0s',
    duration: time(msToFrames(durationMs, frameRate)),
    hasVideo: video === undefined ? '0' : '1',
    hasAudio: '1',
    ...(video === undefined ? {} : { format: 'r1' }),
    audioSources: '1',
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE fcpxml>',
    '<fcpxml version="1.9">',
    '  <resources>',
    `    <format ${formatAttributes}/>`,
    `    <asset ${assetAttributes}>`,
    `      <media-rep kind="original-media" src="${escapeXml(mediaUrl ?? encodeURI(name ?? 'source'))}"/>`,
    '    </asset>',
    '  </resources>',
    '  <library>',
    `    <event name="${escapeXml(label)}">`,
    `      <project name="${escapeXml(label)}">`,
    `        <sequence format="r1" duration="${time(offsetFrames)}" tcStart="0s" tcFormat="NDF">`,
    '          <spine>',
    ...clips,
    '          </spine>',
    '        </sequence>',
    '      </project>',
    '    </event>',
    '  </library>',
    '</fcpxml>',
    '',
  ].join('\n');
}

function cutNote({ reason, confidence }: CutPlanSegment): string {
  const why = reason ?? 'hand-made cut';
  return `reel cut: ${why}${confidence === undefined ? '' : ` (confidence ${confidence.toFixed(2)})`}`;
}

function attributeList(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([key, value]) => `${key}="${escapeXml(value)}"`)
    .join(' ');
}

function escapeXml(text: string): string {
  return text
    .replace(/[\p{Cc}]/gu, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
