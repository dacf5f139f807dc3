import type { Attributes } from '@opentelemetry/api'
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  type Resource,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources'
import type { VigilNodeConfig } from './makeConfig.js'

/**
 * The resource every signal carries: detected `host.*`, `os.*`, `process.*` and a random `service.instance.id`,
 * then the configured service, version, environment and host-name override on top (configured values win over
 * detected ones, including `OTEL_RESOURCE_ATTRIBUTES`).
 */
export const resource = (config: VigilNodeConfig): Resource => {
  const detected = detectResources({
    detectors: [envDetector, hostDetector, osDetector, processDetector, serviceInstanceIdDetector],
  })
  const configured: Attributes = { 'service.name': config.service }
  if (config.version) configured['service.version'] = config.version
  if (config.environment) {
    // The older name is what Vigil's collector and most backends query; the newer one is current semconv.
    configured['deployment.environment'] = config.environment
    configured['deployment.environment.name'] = config.environment
  }
  if (config.hostName) configured['host.name'] = config.hostName
  return defaultResource().merge(detected).merge(resourceFromAttributes(configured))
}
