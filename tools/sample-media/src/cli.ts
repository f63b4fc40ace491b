// `npx nx run sample-media:generate [-- --out DIR]`: writes the demo sample and the hostile inputs.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSpeechClip } from './speech-clip';
import { writeHostileInputs } from './hostile-inputs';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'test-assets/generated' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'usage: sample-media [--out DIR]\n\nWrites DIR/talk-720p.mp4 (20 s of espeak-ng speech with 1.5 s silences over a test pattern)\nand DIR/hostile/* (inputs reel must refuse).',
  );
  process.exit(0);
}
const outDir = resolve(values.out);
await mkdir(resolve(outDir, 'hostile'), { recursive: true });
const clip = await generateSpeechClip({
  outputPath: resolve(outDir, 'talk-720p.mp4'),
  video: { width: 1280, height: 720 },
  minDurationSec: 20,
});
console.log(`Wrote ${clip.path} (${clip.durationSec.toFixed(2)} s, ${clip.speech.length} phrases)`);
const hostile = await writeHostileInputs(resolve(outDir, 'hostile'));
console.log(`Wrote ${Object.keys(hostile).length} hostile inputs to ${resolve(outDir, 'hostile')}`);
