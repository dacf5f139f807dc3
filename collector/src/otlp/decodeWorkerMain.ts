import { parentPort } from 'node:worker_threads'
import { transferables } from '../storage/encodeBatch.js'
import type { DecodeReply, DecodeRequest } from './DecodeWorker.js'
import { decodeForStorage } from './decodeForStorage.js'
import { OtlpDecodeError } from './OtlpDecodeError.js'

// Entry point of the decoding worker thread started by DecodeWorker: one request at a time, in order.
const port = parentPort
if (port === null) throw new Error('decodeWorkerMain must run in a worker thread')
port.on('message', ({ id, signal, body, format, limits }: DecodeRequest) => {
  let reply: DecodeReply
  try {
    reply = { id, ok: true, result: decodeForStorage(signal, body, format, limits) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    reply = { id, ok: false, invalid: error instanceof OtlpDecodeError, message }
  }
  port.postMessage(reply, reply.ok ? transferables(reply.result.batch) : [])
})
