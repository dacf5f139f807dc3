/**
 * Thrown by the streaming protobuf readers when the input needs something they do not mirror
 * exactly; the caller then decodes the request with the reference (object-building) decoder, which
 * gives the exact result or error. One shared instance: it is control flow, not a report.
 */
export const unsupported: Error = new Error('outside the streaming decoder')
