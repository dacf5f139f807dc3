export { RumBatch, RumMeta } from './RumBatch.js'
export {
  ActionEvent,
  CustomEvent,
  ErrorEvent,
  JourneyEvent,
  LongFrameEvent,
  MeasureEvent,
  PageViewEvent,
  ResourcesEvent,
  RumEvent,
  RumEventSchemas,
  type RumEventType,
  StackFrame,
  WebVitalEvent,
} from './RumEvent.js'
export { RumLimits } from './RumLimits.js'
export { rateVital, type VitalRating } from './rateVital.js'
export { type VitalName, VitalThresholds } from './VitalThresholds.js'
export {
  isRumBatch,
  type RumValidationIssue,
  type RumValidationResult,
  validateRumBatch,
} from './validateRumBatch.js'
export { RUM_PROTOCOL_VERSION } from './version.js'
