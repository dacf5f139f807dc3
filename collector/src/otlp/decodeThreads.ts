import { availableParallelism } from 'node:os'

/**
 * Decoding threads for a machine with `cores` cores: one per four cores, at least one. One thread decodes about
 * 45 k OTLP/JSON or several times as many protobuf spans per second; each further one costs about 45 MB of
 * resident memory (its own heap). On 2 cores a second thread took JSON from about 42 to 42–50 k spans/s stored
 * (nothing when the machine was busy) and the peak RSS past 500 MB, and protobuf is bound by DuckDB there, so
 * small machines keep one.
 */
export const decodeThreads = (cores: number = availableParallelism()): number =>
  Math.max(1, Math.floor(cores / 4))
