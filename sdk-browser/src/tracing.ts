export { startTracing, type Tracing } from './tracing/startTracing.js'
export type { TracingConfig } from './tracing/TracingConfig.js'
