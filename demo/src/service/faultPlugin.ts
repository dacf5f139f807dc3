import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FaultGate } from './FaultGate.js'
import { parseFaultSettings } from './FaultSettings.js'

const isLoopback = (address: string | undefined): boolean =>
  address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'

/** `GET /__fault` and `POST /__fault` (loopback only): read and set the instance's fault. */
export const faultPlugin = (app: FastifyInstance, gate: FaultGate): void => {
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isLoopback(request.socket.remoteAddress)) {
      await reply.code(403).send({ error: 'fault injection is accepted from this machine only' })
    }
  }

  app.get('/__fault', { onRequest: guard }, async () => ({ fault: gate.current() ?? null }))

  app.post('/__fault', { onRequest: guard }, async (request, reply) => {
    const settings = parseFaultSettings(request.body)
    if (typeof settings === 'string') return reply.code(400).send({ error: settings })
    return { fault: gate.set(settings) ?? null }
  })

  app.addHook('onClose', async () => gate.clear())
}
