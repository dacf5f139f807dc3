import { describe, expect, it, vi } from 'vitest'
import { rumRows } from '../rum/testing/rumRows.js'
import { sampleEvent } from '../rum/testing/sampleBatch.js'
import { type EncodedLines, encodeBatch, linesOf } from './encodeBatch.js'
import { type CommitLines, GroupCommitWriter } from './GroupCommitWriter.js'
import { QueueFullError } from './QueueFullError.js'
import { logRow, metricRow, spanRow } from './testing/rows.js'

/** A commit function the test finishes by hand, recording what each commit received. */
const controlledCommit = () => {
  const calls: { lines: Parameters<CommitLines>[0]; finish: (error?: Error) => void }[] = []
  const commit: CommitLines = (lines) =>
    new Promise<undefined>((resolve, reject) => {
      calls.push({ lines, finish: (error) => (error ? reject(error) : resolve(undefined)) })
    })
  return { calls, commit }
}

/** Every staging line of one table's groups (RUM groups are lists of lines already). */
const allLines = (groups: readonly (EncodedLines | readonly string[])[]): string[] =>
  groups.flatMap((group) => ('chunks' in group ? linesOf(group) : [...group]))

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('GroupCommitWriter', () => {
  it('resolves a write only after its commit and groups the writes that arrived meanwhile', async () => {
    const { calls, commit } = controlledCommit()
    const writer = new GroupCommitWriter({ commit })
    let firstDone = false
    const first = writer.write({ spans: [spanRow(0)] }).then(() => {
      firstDone = true
    })
    await settle()
    expect(calls).toHaveLength(1)
    const second = writer.write({ logs: [logRow(1)] })
    const third = writer.write({ metrics: [metricRow(2)], spans: [spanRow(3)] })
    await settle()
    expect(firstDone).toBe(false)
    expect(writer.queueDepth()).toBe(4)
    calls[0]?.finish()
    await first
    await settle()
    expect(calls).toHaveLength(2)
    const [spans, logs, metrics] = (calls[1]?.lines ?? [[], [], []]).slice(0, 3).map(allLines)
    expect(spans).toHaveLength(1)
    expect(logs).toHaveLength(1)
    expect(metrics).toHaveLength(1)
    expect(JSON.parse(spans?.[0] ?? '{}').sid).toBe(spanRow(3).spanId)
    calls[1]?.finish()
    await Promise.all([second, third])
    expect(writer.stats().commits).toBe(2)
    expect(writer.stats().rowsWritten).toEqual({ spans: 2, logs: 1, metrics: 1, rum: 0 })
    expect(writer.queueDepth()).toBe(0)
  })

  it('suggests a Retry-After derived from the observed commit rate', async () => {
    const { calls, commit } = controlledCommit()
    const writer = new GroupCommitWriter({ commit, maxQueuedRows: 3 })
    const first = writer.write({ spans: [spanRow(0), spanRow(1)] })
    await settle()
    calls[0]?.finish()
    await first
    const pending = writer.write({ spans: [spanRow(2), spanRow(3)] })
    const refused = writer.write({ spans: [spanRow(4), spanRow(5)] })
    await expect(refused).rejects.toBeInstanceOf(QueueFullError)
    const error: unknown = await refused.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QueueFullError)
    const { retryAfterSeconds } = error as QueueFullError
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1)
    expect(retryAfterSeconds).toBeLessThanOrEqual(30)
    await settle()
    calls[1]?.finish()
    await pending
  })

  it('rejects all writes of a failed group with the commit error and keeps going', async () => {
    const { calls, commit } = controlledCommit()
    const writer = new GroupCommitWriter({ commit })
    const a = writer.write({ spans: [spanRow(0)] })
    const b = writer.write({ spans: [spanRow(1)] })
    await settle()
    calls[0]?.finish(new Error('disk full'))
    await expect(a).rejects.toThrow('disk full')
    await expect(b).rejects.toThrow('disk full')
    expect(writer.queueDepth()).toBe(0)
    const c = writer.write({ spans: [spanRow(2)] })
    await settle()
    calls[1]?.finish()
    await c
    expect(writer.stats()).toMatchObject({ commits: 1, failedCommits: 1 })
  })

  it('queues pre-encoded lines like rows and applies the same queue bound', async () => {
    const { calls, commit } = controlledCommit()
    const writer = new GroupCommitWriter({ commit, maxQueuedRows: 3 })
    const first = writer.writeEncoded(encodeBatch({ spans: [spanRow(0), spanRow(1)], logs: [logRow(2)] }))
    await settle()
    expect(allLines(calls[0]?.lines[0] ?? []).map((line) => JSON.parse(line).sid)).toEqual([
      spanRow(0).spanId,
      spanRow(1).spanId,
    ])
    expect(allLines(calls[0]?.lines[1] ?? [])).toHaveLength(1)
    await expect(writer.writeEncoded(encodeBatch({ metrics: [metricRow(3)] }))).rejects.toBeInstanceOf(
      QueueFullError,
    )
    calls[0]?.finish()
    await first
    expect(writer.stats()).toMatchObject({
      rowsWritten: { spans: 2, logs: 1, metrics: 0, rum: 0 },
      rejectedQueueFull: 1,
    })
  })

  it('close waits for the queue to drain', async () => {
    const { calls, commit } = controlledCommit()
    const writer = new GroupCommitWriter({ commit })
    const write = writer.write({ spans: [spanRow(0)] })
    let closed = false
    const closing = writer.close().then(() => {
      closed = true
    })
    await settle()
    expect(closed).toBe(false)
    calls[0]?.finish()
    await write
    await closing
    expect(closed).toBe(true)
  })

  describe('promotion of the inbox', () => {
    /**
     * Commits at once into a counted inbox; records every promotion and the rows it took, which it takes
     * synchronously as the writer requires. `hold` keeps promotions running until released.
     */
    const promoting = (
      options: {
        promoteRows?: number
        promoteAfterMs?: number
        failures?: number
        maxInboxRows?: number
      } = {},
    ) => {
      const events: string[] = []
      let failures = options.failures ?? 0
      let inbox = 0
      let release: (() => void)[] | undefined
      const promoteRows = options.promoteRows ?? 1000
      const writer: GroupCommitWriter = new GroupCommitWriter({
        commit: async (lines) => {
          const rows = lines.slice(0, 3).flatMap(allLines).length
          inbox += rows
          events.push(`commit ${rows}`)
          return undefined
        },
        inbox: {
          rows: () => inbox,
          readyRows: () => (inbox >= promoteRows ? inbox : 0),
          promote: async () => {
            const rows = inbox
            if (failures-- > 0) {
              events.push(`failed ${rows}`)
              throw new Error('disk on fire')
            }
            inbox -= rows
            events.push(`promote ${rows}`)
            if (release) await new Promise<void>((resolve) => release?.push(resolve))
            events.push(`promoted ${rows}`)
            return { rows, rejectedRows: 0 }
          },
        },
        promoteAfterMs: options.promoteAfterMs ?? 60_000,
        maxInboxRows: options.maxInboxRows,
      })
      const hold = () => {
        release = []
        return () => {
          for (const resolve of release?.splice(0) ?? []) resolve()
          release = undefined
        }
      }
      return { writer, events, hold }
    }

    it('promotes once the inbox holds promoteRows, before the next commit', async () => {
      const { writer, events } = promoting({ promoteRows: 3 })
      await writer.write({ spans: [spanRow(0), spanRow(1)] })
      await writer.write({ spans: [spanRow(2), spanRow(3)] })
      await writer.write({ logs: [logRow(4)] })
      await writer.close()
      expect(events.filter((e) => !e.startsWith('promoted'))).toEqual([
        'commit 2',
        'commit 2',
        'promote 4',
        'commit 1',
        'promote 1',
      ])
      expect(writer.stats()).toMatchObject({ inboxRows: 0, promotions: 2 })
    })

    it('promotes what waited promoteAfterMs, and on flush at once', async () => {
      const { writer, events } = promoting({ promoteAfterMs: 30 })
      await writer.write({ spans: [spanRow(0)] })
      expect(writer.stats().inboxRows).toBe(1)
      await vi.waitFor(() => expect(events).toEqual(['commit 1', 'promote 1', 'promoted 1']), {
        timeout: 2000,
      })
      await writer.flush()
      expect(events).toHaveLength(3)

      const slow = promoting()
      await slow.writer.write({ metrics: [metricRow(1)] })
      await slow.writer.flush()
      expect(slow.events).toEqual(['commit 1', 'promote 1', 'promoted 1'])
    })

    it('takes sealed row groups alone while there are any, even when the oldest row is due', async () => {
      // An inbox sealing every 2 rows: `everything` also takes the rows of the open generation.
      const taken: string[] = []
      let sealed = 0
      let open = 0
      const writer = new GroupCommitWriter({
        commit: async (lines) => {
          for (let i = lines.slice(0, 3).flatMap(allLines).length; i > 0; i--) {
            open++
            if (open === 2) {
              sealed += 2
              open = 0
            }
          }
          return undefined
        },
        inbox: {
          rows: () => sealed + open,
          readyRows: () => sealed,
          promote: async (everything) => {
            const rows = sealed + (everything ? open : 0)
            taken.push(`${everything ? 'everything' : 'ready'} ${rows}`)
            sealed = 0
            if (everything) open = 0
            return { rows, rejectedRows: 0 }
          },
        },
        promoteAfterMs: 0,
      })
      await writer.write({ spans: [spanRow(0), spanRow(1), spanRow(2)] })
      await vi.waitFor(() => expect(writer.stats().inboxRows).toBe(0), { timeout: 2000 })
      await writer.close()
      expect(taken).toEqual(['ready 2', 'everything 1'])
    })

    it('goes on committing while a promotion runs; flush waits for a promotion that covers it', async () => {
      const { writer, events, hold } = promoting({ promoteRows: 2 })
      const release = hold()
      await writer.write({ spans: [spanRow(0), spanRow(1)] })
      await writer.write({ spans: [spanRow(2)] })
      await vi.waitFor(() => expect(events).toContain('promote 2'))
      // The promotion is still running, and this write is acknowledged anyway.
      await writer.write({ logs: [logRow(3)] })
      expect(events).not.toContain('promoted 2')
      let flushed = false
      const flushing = writer.flush().then(() => {
        flushed = true
      })
      release()
      await vi.waitFor(() => expect(events).toContain('promoted 2'))
      await flushing
      expect(flushed).toBe(true)
      // The rows committed during the first promotion needed a second one before the reader was let in.
      expect(events).toEqual([
        'commit 2',
        'promote 2',
        'commit 1',
        'commit 1',
        'promoted 2',
        'promote 2',
        'promoted 2',
      ])
      expect(writer.stats().inboxRows).toBe(0)
      await writer.close()
    })

    it('refuses writes with Retry-After while the inbox is over its bound', async () => {
      const { writer, events, hold } = promoting({ promoteRows: 2, maxInboxRows: 3 })
      const release = hold()
      await writer.write({ spans: [spanRow(0), spanRow(1)] })
      await writer.write({ spans: [spanRow(2), spanRow(3), spanRow(4)] })
      await expect(writer.write({ spans: [spanRow(5)] })).rejects.toBeInstanceOf(QueueFullError)
      release()
      await writer.flush()
      await writer.write({ spans: [spanRow(5)] })
      expect(events.filter((e) => e.startsWith('commit'))).toEqual(['commit 2', 'commit 3', 'commit 1'])
      await writer.close()
    })

    it('keeps the rows after a failed promotion, releases readers, and retries later', async () => {
      const { writer, events } = promoting({ promoteAfterMs: 30, failures: 1 })
      await writer.write({ spans: [spanRow(0)] })
      await writer.flush()
      expect(events).toEqual(['commit 1', 'failed 1'])
      expect(writer.stats().inboxRows).toBe(1)
      await vi.waitFor(() => expect(events).toEqual(['commit 1', 'failed 1', 'promote 1', 'promoted 1']), {
        timeout: 2000,
      })
      expect(writer.stats()).toMatchObject({ inboxRows: 0, promotions: 1 })
    })

    it('tries once more at close right after a failed promotion, then closes whatever happens', async () => {
      const { writer, events } = promoting({ promoteAfterMs: 60_000, failures: 1 })
      await writer.write({ spans: [spanRow(0)] })
      await writer.flush()
      expect(events).toEqual(['commit 1', 'failed 1'])
      await writer.close()
      expect(events).toEqual(['commit 1', 'failed 1', 'promote 1', 'promoted 1'])
      expect(writer.stats().inboxRows).toBe(0)

      const stubborn = promoting({ failures: 5 })
      await stubborn.writer.write({ spans: [spanRow(1)] })
      await stubborn.writer.flush()
      await stubborn.writer.close()
      expect(stubborn.events).toEqual(['commit 1', 'failed 1', 'failed 1'])
      expect(stubborn.writer.stats().inboxRows).toBe(1)
    })

    it('starts with the rows a previous run left in the inbox', async () => {
      const promoted: number[] = []
      let inbox = 7
      const writer = new GroupCommitWriter({
        commit: async () => undefined,
        inbox: {
          rows: () => inbox,
          readyRows: () => 0,
          promote: async () => {
            promoted.push(inbox)
            inbox = 0
            return { rows: 7, rejectedRows: 0 }
          },
        },
      })
      await writer.flush()
      expect(promoted).toEqual([7])
    })

    it('commits RUM and OTel writes apart, so a failed RUM commit refuses no OTel row', async () => {
      const groups: string[] = []
      const writer = new GroupCommitWriter({
        commit: async ([spans, , , rum]) => {
          const otelRows = spans.reduce((sum, lines) => sum + lines.rows, 0)
          groups.push(`${otelRows} otel, ${rum.reduce((sum, lines) => sum + lines.length, 0)} rum`)
          if (rum.some((lines) => lines.length > 0)) throw new Error('out of memory')
          return undefined
        },
        inbox: { rows: () => 0, readyRows: () => 0, promote: async () => ({ rows: 0, rejectedRows: 0 }) },
      })
      const otel = writer.write({ spans: [spanRow(0)] })
      const rum = writer.writeRum(rumRows([sampleEvent(1, { type: 'custom', name: 'x' })]))
      const more = writer.write({ spans: [spanRow(2)] })
      await expect(rum).rejects.toThrow('out of memory')
      await otel
      await more
      expect(groups).toEqual(['1 otel, 0 rum', '0 otel, 1 rum', '1 otel, 0 rum'])
      await writer.close()
    })

    it('lets a reader in once a promotion of only the ready rows has emptied the inbox', async () => {
      let inbox = 5
      let release = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      const everything: boolean[] = []
      const writer = new GroupCommitWriter({
        commit: async () => undefined,
        inbox: {
          rows: () => inbox,
          readyRows: () => inbox,
          promote: async (all) => {
            everything.push(all)
            await held
            inbox = 0
            return { rows: 5, rejectedRows: 0 }
          },
        },
      })
      // The promotion of what a previous run left starts at once; the reader comes while it runs.
      await vi.waitFor(() => expect(everything).toEqual([false]))
      const reading = writer.flush()
      release()
      await reading
      expect(everything).toEqual([false])
      await writer.close()
    })
  })
})
