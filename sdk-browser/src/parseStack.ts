import type { StackFrame } from '@vigil/protocol'

// Chrome/V8: "    at fn (url:line:col)", "    at url:line:col", "    at async fn (url:line:col)"
const V8 = /^\s*at (?:(.+?) \()?(.+?)(?::(\d+):(\d+))?\)?$/
// Firefox and Safari: "fn@url:line:col", "@url:line:col", "async*fn@url:line:col", "global code@url:1:2"
const GECKO = /^\s*(.*?)@(.*?)(?::(\d+):(\d+))?$/

/** Parses an `Error.stack` string from Chrome, Firefox or Safari into at most `max` frames. */
export const parseStack = (stack: unknown, max = 30): StackFrame[] => {
  if (typeof stack !== 'string') return []
  // V8 stacks start with the message, which may itself contain "@"; only "at" lines are frames there
  const re = /^\s*at /m.test(stack) ? V8 : GECKO
  const frames: StackFrame[] = []
  for (const line of stack.split('\n')) {
    if (frames.length >= max) break
    const m = re.exec(line)
    if (!m) continue
    const frame: StackFrame = {}
    const fn = m[1]?.replace(/^async[ *]/, '')
    if (fn) frame.fn = fn.slice(0, 256)
    if (m[2]) frame.file = m[2]
    if (m[3]) frame.line = +m[3]
    if (m[4]) frame.col = +m[4]
    frames.push(frame)
  }
  return frames
}
