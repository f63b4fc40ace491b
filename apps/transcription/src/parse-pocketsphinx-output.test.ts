import { describe, expect, it } from 'vitest';
import { parsePocketsphinxOutput } from './parse-pocketsphinx-output';

// Debian pocketsphinx 0.8+5prealpha `-time yes` output for two utterances (captured on this machine).
const stdout = [
  'welcome to the real comcast',
  '<s> 0.380 0.500 0.999600',
  'welcome 0.510 0.980 0.505464',
  '<sil> 0.990 1.030 0.980294',
  'to 1.040 1.130 0.580966',
  'comcast 1.590 2.260 0.073999',
  '</s> 2.270 2.720 1.000000',
  "i'm the third thing",
  '<s> 4.050 4.150 1.000000',
  "i'm(2) 4.160 4.520 0.922462",
  '[NOISE] 4.530 4.700 0.5',
  '++UM++ 4.710 4.850 0.363558',
  '++BREATH++ 4.860 5.150 0.2',
  '[SPEECH] 5.160 5.560 0.200551',
  '</s> 7.100 7.570 1.000000',
  '',
].join('\n');

describe('Function: parsePocketsphinxOutput', () => {
  it('reads word lines into ms and skips hypotheses, sentence markers and pauses', () => {
    // Act
    const words = parsePocketsphinxOutput(stdout);

    // Assess
    expect(words.slice(0, 3)).toEqual([
      { text: 'welcome', startMs: 510, endMs: 980, confidence: 0.505464 },
      { text: 'to', startMs: 1040, endMs: 1130, confidence: 0.580966 },
      { text: 'comcast', startMs: 1590, endMs: 2260, confidence: 0.073999 },
    ]);
  });

  it('drops noise words, keeps a hesitation noise word as its filler, strips pronunciation variants', () => {
    // Act
    const texts = parsePocketsphinxOutput(stdout).map(({ text }) => text);

    // Assess
    expect(texts).toEqual(['welcome', 'to', 'comcast', "i'm", 'um']);
  });

  it('clamps confidence to 0–1 and reads nothing from empty output', () => {
    expect(parsePocketsphinxOutput('yes 0.1 0.2 1.7\nno 0.3 0.4 -0.2\n')).toEqual([
      { text: 'yes', startMs: 100, endMs: 200, confidence: 1 },
      { text: 'no', startMs: 300, endMs: 400, confidence: 0 },
    ]);
    expect(parsePocketsphinxOutput('')).toEqual([]);
  });
});
