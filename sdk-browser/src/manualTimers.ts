/** A hand-driven clock and timer queue for tests of time-based logic. */
export const manualTimers = () => {
  let t = 0
  let seq = 0
  const pending = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => t,
    timer: (fn: () => void, ms: number): unknown => {
      pending.set(++seq, { at: t + ms, fn })
      return seq
    },
    clear: (h: unknown) => void pending.delete(h as number),
    /** Moves time forward, running due timers in order. */
    advance(ms: number): void {
      const end = t + ms
      for (;;) {
        const due = [...pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        pending.delete(due[0])
        t = due[1].at
        due[1].fn()
      }
      t = end
    },
    count: () => pending.size,
  }
}
