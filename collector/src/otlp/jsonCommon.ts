import {
  asJsonObject,
  jsonArray,
  jsonBase64,
  jsonBool,
  jsonDoubleValue,
  jsonInt64Value,
  jsonObject,
  jsonString,
  jsonUint32,
} from './jsonFields.js'
import type { AnyValueMsg, KeyValueMsg, ResourceMsg, ScopeMsg } from './otlpMessages.js'
import type { JsonObject } from './parseOtlpJson.js'

/** OTLP/JSON `AnyValue` → the decoded shape; the first field present wins, as in a oneof. */
export const jsonAnyValue = (value: unknown): AnyValueMsg | null => {
  if (value == null) return null
  const o = asJsonObject(value, 'an AnyValue')
  let v = o.stringValue ?? o.string_value
  if (v != null) return { stringValue: jsonString(o, 'stringValue', 'string_value') }
  v = o.boolValue ?? o.bool_value
  if (v != null) return { boolValue: jsonBool(o, 'boolValue', 'bool_value') }
  v = o.intValue ?? o.int_value
  if (v != null) return { intValue: jsonInt64Value(v, 'intValue') }
  v = o.doubleValue ?? o.double_value
  if (v != null) return { doubleValue: jsonDoubleValue(v, 'doubleValue') }
  v = o.arrayValue ?? o.array_value
  if (v != null) {
    const values = jsonArray(asJsonObject(v, 'field "arrayValue"'), 'values')
    const items: AnyValueMsg[] = new Array(values.length)
    for (let i = 0; i < values.length; i++) items[i] = jsonAnyValue(values[i]) ?? {}
    return { arrayValue: { values: items } }
  }
  v = o.kvlistValue ?? o.kvlist_value
  if (v != null)
    return { kvlistValue: { values: jsonKeyValues(asJsonObject(v, 'field "kvlistValue"'), 'values') } }
  v = o.bytesValue ?? o.bytes_value
  if (v != null) return { bytesValue: jsonBase64(v, 'bytesValue') }
  return {}
}

/** A repeated `KeyValue` field. */
export const jsonKeyValues = (o: JsonObject, camel: string, snake = camel): KeyValueMsg[] => {
  const list = jsonArray(o, camel, snake)
  const out: KeyValueMsg[] = new Array(list.length)
  for (let i = 0; i < list.length; i++) {
    const kv = asJsonObject(list[i], 'a KeyValue')
    out[i] = { key: jsonString(kv, 'key'), value: jsonAnyValue(kv.value) }
  }
  return out
}

export const jsonResource = (o: JsonObject): ResourceMsg | null => {
  const resource = jsonObject(o, 'resource')
  if (!resource) return null
  return {
    attributes: jsonKeyValues(resource, 'attributes'),
    droppedAttributesCount: jsonUint32(resource, 'droppedAttributesCount', 'dropped_attributes_count'),
  }
}

export const jsonScope = (o: JsonObject): ScopeMsg | null => {
  const scope = jsonObject(o, 'scope')
  if (!scope) return null
  return {
    name: jsonString(scope, 'name'),
    version: jsonString(scope, 'version'),
    attributes: jsonKeyValues(scope, 'attributes'),
    droppedAttributesCount: jsonUint32(scope, 'droppedAttributesCount', 'dropped_attributes_count'),
  }
}
