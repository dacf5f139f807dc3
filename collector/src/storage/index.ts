export { type EncodedBatch, encodeBatch } from './encodeBatch.js'
export { WriteQueueDefaults } from './GroupCommitWriter.js'
export { type Migration, migrations } from './migrations.js'
export { duckDbSettings } from './openDatabase.js'
export { DatabaseFileName, type OpenStorageOptions, openStorage } from './openStorage.js'
export { QueueFullError } from './QueueFullError.js'
export { type RawAppendResult, rawAppendBaseline } from './rawAppendBaseline.js'
export type {
  Attributes,
  AttributeValue,
  RetentionJob,
  RetentionPolicy,
  RetentionResult,
  ServiceSummary,
  Storage,
  StorageLogger,
  StorageStats,
  TraceSpan,
  TraceSpanEvent,
  TraceSpanLink,
  WriteBatch,
} from './Storage.js'
export { StorageClosedError } from './StorageClosedError.js'
