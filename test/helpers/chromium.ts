import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, headless, as these machines need it (no sandbox as root; no background connections, which the
 * closed network refuses). Shared by the browser tests and the benchmarks that compare with Chromium.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
