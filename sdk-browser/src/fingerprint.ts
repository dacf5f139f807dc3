import type { StackFrame } from '@vigil/protocol'

/**
 * Groups occurrences of one error: a 32-bit FNV-1a hash (base 36) of the error type, the message
 * with numbers normalised, and the top frame's file and function. Line numbers are left out so a
 * new release that shifts code keeps the same fingerprint.
 */
export const fingerprint = (type: string, message: string, frames: readonly StackFrame[]): string => {
  const top = frames[0]
  const key = `${type}|${message.replace(/\d+/g, '0')}|${top?.file ?? ''}|${top?.fn ?? ''}`
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}
