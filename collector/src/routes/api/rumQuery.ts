import { Type } from '@sinclair/typebox'

/** Query-string fields every RUM query takes. */
export const RumWindowQuery = {
  from: Type.Optional(
    Type.String({ description: 'ISO-8601 time or epoch ms; default: one hour before `to`' }),
  ),
  to: Type.Optional(Type.String({ description: 'ISO-8601 time or epoch ms; default: now' })),
  app: Type.Optional(
    Type.String({ minLength: 1, maxLength: 128, description: 'only this app; default: every app' }),
  ),
}

/** ISO text of a nanosecond instant. */
export const isoOf = (ns: bigint): string => new Date(Number(ns / 1_000_000n)).toISOString()
