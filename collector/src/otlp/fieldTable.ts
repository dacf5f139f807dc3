import protobuf from 'protobufjs/minimal.js'
import type { StaticMessage } from './protoRoot.js'

/**
 * How the streaming reader reads a field. It picks the sample value that probes the generated
 * encoder and the wire type the field must have.
 */
export type FieldKind = 'string' | 'bytes' | 'message' | 'repeated' | 'varint' | 'fixed64' | 'double'

const samples: Record<FieldKind, unknown> = {
  string: '',
  bytes: new Uint8Array(0),
  message: {},
  repeated: [{}],
  varint: 0,
  fixed64: 0,
  double: 0,
}

const wireTypes: Record<FieldKind, number> = {
  string: 2,
  bytes: 2,
  message: 2,
  repeated: 2,
  varint: 0,
  fixed64: 1,
  double: 1,
}

/**
 * The field numbers of one message, taken from the official generated definitions rather than
 * written down here: each named field is encoded alone with the generated `encode` and its tag read
 * back. The result maps a field number to `action << 3 | wireType`, where `action` is the decoder's
 * own code for that field (1 and up) and 0 means "not a field we read". A field that the
 * definitions lack, or whose wire type differs from its kind, fails at load time instead of being
 * misread.
 */
export const fieldTable = (
  type: StaticMessage<unknown>,
  fields: Record<string, readonly [kind: FieldKind, action: number]>,
): Uint16Array => {
  const entries: [field: number, entry: number][] = []
  for (const [name, [kind, action]] of Object.entries(fields)) {
    const encoded = type.encode({ [name]: samples[kind] }).finish()
    if (encoded.length === 0) throw new Error(`the OTLP definitions have no field "${name}"`)
    const tag = protobuf.Reader.create(encoded).uint32()
    if ((tag & 7) !== wireTypes[kind]) {
      throw new Error(`OTLP field "${name}" has wire type ${tag & 7}, expected ${wireTypes[kind]}`)
    }
    entries.push([tag >>> 3, (action << 3) | (tag & 7)])
  }
  const table = new Uint16Array(Math.max(...entries.map(([field]) => field)) + 1)
  for (const [field, entry] of entries) table[field] = entry
  return table
}
