/** Name and version the SDK reports in `meta.sdk`. */
export const sdkInfo = { name: '@vigil/sdk-browser', version: '0.1.0' }

/** The RUM protocol version this SDK speaks; a test keeps it equal to `@vigil/protocol`'s. */
export const PROTOCOL_VERSION = 1
