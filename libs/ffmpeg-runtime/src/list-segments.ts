/**
 * The files the segment muxer wrote (`<basename>-000.<ext>`, …) in playback order; `%03d` grows
 * past 999, so they are sorted by number, not by name. Other names are ignored. Pure.
 *
 * @example
 * sortSegmentFiles(['segment-010.mp3', 'segment-002.mp3'], { basename: 'segment', format: 'mp3' });
 * // → ['segment-002.mp3', 'segment-010.mp3']
 */
export function sortSegmentFiles(
  fileNames: readonly string[],
  { basename, format }: { basename: string; format: string },
): string[] {
  const pattern = new RegExp(`^${basename}-(\\d+)\\.${format}$`);
  return fileNames
    .flatMap((fileName) => {
      const match = pattern.exec(fileName);
      return match ? [{ fileName, index: Number(match[1]) }] : [];
    })
    .sort((a, b) => a.index - b.index)
    .map(({ fileName }) => fileName);
}
