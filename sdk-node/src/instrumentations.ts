import { FastifyOtelInstrumentation } from '@fastify/otel'
import type { Instrumentation } from '@opentelemetry/instrumentation'
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express'
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http'
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node'
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici'
import type { VigilNodeConfig } from './makeConfig.js'

/**
 * The auto-instrumentations: node:http/https (server and client spans), undici and global `fetch` (client spans),
 * Express and Fastify (route, middleware and hook spans), and, unless disabled, Node runtime metrics.
 */
export const instrumentations = (config: VigilNodeConfig): Instrumentation[] => {
  const list: Instrumentation[] = [
    new HttpInstrumentation(),
    new UndiciInstrumentation(),
    new ExpressInstrumentation(),
    // Fastify's own instrumentation registers itself on every Fastify instance through diagnostics_channel,
    // so apps need no `register(plugin)` call.
    new FastifyOtelInstrumentation({ registerOnInitialization: true }),
  ]
  if (config.runtimeMetrics) list.push(new RuntimeNodeInstrumentation())
  return list
}
