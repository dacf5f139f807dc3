export { ConfigError, type ConfigIssue } from './ConfigError.js'
export { isLoopback } from './isLoopback.js'
export {
  type CollectorFlags,
  defaultConfigFileName,
  type LoadConfigOptions,
  loadConfig,
} from './loadConfig.js'
export { parseDuration } from './parseDuration.js'
export { parseSize } from './parseSize.js'
export { redactConfig } from './redactConfig.js'
export {
  type AppsConfig,
  type AuthConfig,
  type CollectorConfig,
  type ConfigFile,
  ConfigFileSchema,
  type DataConfig,
  defaultConfig,
  type IngestKey,
  type LimitsConfig,
  type LogConfig,
  type LogLevel,
  logLevels,
  type QueueConfig,
  type RetentionConfig,
  type ServerConfig,
} from './schema.js'
