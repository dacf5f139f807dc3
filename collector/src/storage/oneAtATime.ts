/** Runs the work it is given one at a time, in call order, whatever each one's outcome. */
export type OneAtATime = <T>(work: () => Promise<T>) => Promise<T>

/** A queue for work that must not overlap, such as transactions on one DuckDB connection. */
export const oneAtATime = (): OneAtATime => {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>) => {
    const result = tail.then(work, work)
    tail = result.catch(() => undefined)
    return result
  }
}
