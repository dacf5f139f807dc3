/** Refusal of a write because the queue of rows waiting for a commit is full. */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError'

  constructor(
    /** Suggested wait before retrying, whole seconds (for a `Retry-After` header). */
    readonly retryAfterSeconds: number,
    /** Rows queued when the write was refused. */
    readonly queuedRows: number,
  ) {
    super(`write queue is full (${queuedRows} rows waiting); retry after ${retryAfterSeconds} s`)
  }
}
