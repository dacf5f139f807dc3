import type { ErrorEvent as RumErrorEvent } from '@vigil/protocol'
import { fingerprint } from './fingerprint.js'
import { maskMessage } from './maskMessage.js'
import { parseStack } from './parseStack.js'

type ErrorInput = Omit<RumErrorEvent, 'id' | 'time' | 'view' | 'sampleRate'>

/**
 * Turns anything thrown or rejected into an error event: type, masked message, parsed frames with
 * scrubbed file URLs, and a fingerprint of the masked message so that per-user values do not split groups.
 */
export const buildError = (value: unknown, handled: boolean, scrub: (url: string) => string): ErrorInput => {
  const err = value as { name?: unknown; message?: unknown; stack?: unknown } | null | undefined
  const isErrorLike = typeof err === 'object' && err !== null && 'message' in err
  const errorType = String(
    (isErrorLike && err.name) ||
      (value === undefined ? 'Error' : typeof value === 'object' ? 'Error' : typeof value),
  ).slice(0, 128)
  let message: string
  try {
    message = isErrorLike
      ? String(err.message)
      : typeof value === 'string'
        ? value
        : (JSON.stringify(value) ?? String(value))
  } catch {
    message = String(value)
  }
  const stack = parseStack(isErrorLike ? err.stack : undefined).map((f) =>
    f.file ? { ...f, file: scrub(f.file) } : f,
  )
  const masked = maskMessage(message)
  return {
    type: 'error',
    errorType,
    message: masked,
    stack,
    handled,
    fingerprint: fingerprint(errorType, masked, stack),
  }
}
