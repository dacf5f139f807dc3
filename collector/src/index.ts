export type * from './otlp/rows.js'
