/** `vigil slo` exit codes: 0 valid (warnings allowed), 1 the specs have errors, 2 a usage error. */
export const SloExitCodes = { ok: 0, invalid: 1, usage: 2 } as const
