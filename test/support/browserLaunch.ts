import { type Browser, chromium } from 'playwright-core'

/** Launches the system Chromium (never a downloaded browser) with the flags the test machines need. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
