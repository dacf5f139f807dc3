import { bytesBuffer } from './anyValueJson.js'

/** A trace or span id as lower-case hex; empty when the id is absent. */
export const idHex = (bytes: Uint8Array | null | undefined): string =>
  bytes == null || bytes.byteLength === 0 ? '' : bytesBuffer(bytes).toString('hex')
