import type { AttributeLimiter } from './AttributeLimiter.js'
import type { KeyValueMsg, ResourceMsg, ScopeMsg } from './otlpMessages.js'
import type { AttrJson } from './rows.js'

/** What every row of one resource and instrumentation scope shares, computed once per scope. */
export interface ScopeContext {
  serviceName: string
  resourceAttributes: AttrJson
  resourceSchemaUrl: string
  scopeName: string
  scopeVersion: string
  scopeAttributes: AttrJson
  /** Why every item under this resource or scope is rejected; empty when they are not. */
  problem: string
}

export const UNKNOWN_SERVICE = 'unknown_service'
const NO_ATTRIBUTES: KeyValueMsg[] = []

/** `service.name` when it is a non-empty string (the last one if repeated), else `unknown_service`. */
export const serviceNameOf = (attributes: KeyValueMsg[]): string => {
  let name = UNKNOWN_SERVICE
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!
    if (kv.key === 'service.name') {
      const value = kv.value?.stringValue
      name = value ? value : UNKNOWN_SERVICE
    }
  }
  return name
}

/** The resource half of a {@link ScopeContext}; `scope*` fields are filled by {@link withScope}. */
export const resourceContext = (
  resource: ResourceMsg | null | undefined,
  schemaUrl: string | null | undefined,
  limiter: AttributeLimiter,
): ScopeContext => {
  const attributes = resource?.attributes ?? NO_ATTRIBUTES
  const json = limiter.attributes(attributes)
  return {
    serviceName: serviceNameOf(attributes),
    resourceAttributes: json ?? '{}',
    resourceSchemaUrl: schemaUrl ?? '',
    scopeName: '',
    scopeVersion: '',
    scopeAttributes: '{}',
    problem: json === null ? `resource of service ${serviceNameOf(attributes)}: ${limiter.problem}` : '',
  }
}

export const withScope = (
  resource: ScopeContext,
  scope: ScopeMsg | null | undefined,
  limiter: AttributeLimiter,
): ScopeContext => {
  const json = limiter.attributes(scope?.attributes ?? NO_ATTRIBUTES)
  const scopeName = scope?.name ?? ''
  return {
    ...resource,
    scopeName,
    scopeVersion: scope?.version ?? '',
    scopeAttributes: json ?? '{}',
    problem:
      resource.problem || (json === null ? `scope ${scopeName || '(unnamed)'}: ${limiter.problem}` : ''),
  }
}
