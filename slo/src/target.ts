/** Throws a RangeError unless the objective's target lies strictly between 0 and 1. */
export const assertTarget = (target: number): void => {
  if (!(target > 0 && target < 1)) throw new RangeError(`target must be in (0,1): ${target}`)
}

/** Throws a RangeError unless the value is a finite, strictly positive number of milliseconds. */
export const assertDuration = (name: string, ms: number): void => {
  if (!(Number.isFinite(ms) && ms > 0))
    throw new RangeError(`${name} must be a positive duration in ms: ${ms}`)
}
