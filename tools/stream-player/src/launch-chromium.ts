import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (bootstrap installs it); playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Starts headless Chromium for playback tests. Launching costs seconds on a loaded 2-core
 * machine, so a test file launches one and passes it to every `playStream` call.
 *
 * @example
 * const browser = await launchChromium();
 * afterAll(() => browser.close());
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // --no-sandbox: tests run as root in a container, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
  });
}
