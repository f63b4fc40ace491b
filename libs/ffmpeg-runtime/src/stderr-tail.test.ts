import { describe, expect, it } from 'vitest';
import { StderrTail } from './stderr-tail';

describe('Class: StderrTail', () => {
  it('keeps the last lines when chunks split lines anywhere', () => {
    // Prepare
    const tail = new StderrTail({ maxLines: 2 });

    // Act
    tail.push('first\nsec');
    tail.push('ond\nthi');
    tail.push('rd\n');

    // Assess
    expect(tail.text()).toBe('second\nthird');
  });

  it('treats the carriage returns of ffmpeg stats lines as line breaks', () => {
    // Prepare
    const tail = new StderrTail({ maxLines: 2 });

    // Act
    tail.push('frame=1\rframe=2\rframe=3\r\nError while decoding');

    // Assess
    expect(tail.text()).toBe('frame=3\nError while decoding');
  });

  it('stays within its character budget however much is pushed', () => {
    // Prepare
    const tail = new StderrTail({ maxLines: 40, maxChars: 8192 });
    const line = `${'x'.repeat(99)}\n`;

    // Act: ~50 MB, the stderr of hours of verbose ffmpeg.
    for (let chunk = 0; chunk < 5000; chunk += 1) tail.push(line.repeat(100));
    tail.push('moov atom not found\n');

    // Assess
    const text = tail.text();
    expect(text.length).toBeLessThanOrEqual(8192);
    expect(text.split('\n').at(-1)).toBe('moov atom not found');
  });

  it('caps a line that never ends', () => {
    // Prepare
    const tail = new StderrTail({ maxChars: 100 });

    // Act
    for (let chunk = 0; chunk < 1000; chunk += 1) tail.push('y'.repeat(1000));

    // Assess
    expect(tail.text()).toBe('y'.repeat(100));
  });

  it('refuses a limit that is not a positive integer', () => {
    // Act & Assess
    expect(() => new StderrTail({ maxLines: 0 })).toThrow(TypeError);
    expect(() => new StderrTail({ maxChars: 1.5 })).toThrow(TypeError);
  });
});
