/** Wire encodings of OTLP/HTTP. */
export type OtlpFormat = 'protobuf' | 'json'

/**
 * The OTLP/HTTP encoding named by a `Content-Type` header: `application/x-protobuf` or
 * `application/json`, compared without parameters and case-insensitively. Anything else is
 * `undefined`, which the route answers with 415 Unsupported Media Type.
 */
export const otlpFormat = (contentType: string | undefined): OtlpFormat | undefined => {
  if (contentType === undefined) return undefined
  const semicolon = contentType.indexOf(';')
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase()
  if (mediaType === 'application/x-protobuf') return 'protobuf'
  if (mediaType === 'application/json') return 'json'
  return undefined
}
