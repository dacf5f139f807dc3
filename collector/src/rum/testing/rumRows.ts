import type { RumEvent } from '@vigil/protocol'
import { buildRumRows } from '../buildRumRows.js'
import { parseUserAgent } from '../parseUserAgent.js'
import type { RumRow } from '../RumRow.js'
import { sampleBatch, sampleSentAt } from './sampleBatch.js'

/** User agents of the fixtures, by the device they describe. */
export const userAgents = {
  desktopChrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
} as const

/**
 * Rows of one batch of `events` in `session`, as the collector would build them on arrival at `sentAt`;
 * `sampleRate` also overrides each event's own.
 */
export const rumRows = (
  events: RumEvent[],
  options: { session?: string; app?: string; userAgent?: string; sampleRate?: number } = {},
): RumRow[] =>
  buildRumRows(
    sampleBatch(
      options.sampleRate === undefined
        ? events
        : events.map((e) => ({ ...e, sampleRate: options.sampleRate ?? 1 })),
      {
        session: options.session ?? 's1',
        app: options.app ?? 'shop',
        sampleRate: options.sampleRate ?? 1,
      },
    ),
    { receivedAt: sampleSentAt, client: parseUserAgent(options.userAgent ?? userAgents.desktopChrome) },
  )
