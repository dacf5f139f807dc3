/**
 * Version of the RUM wire protocol, sent as `meta.v` in every batch. Bumped only for changes an
 * older collector could not read; adding optional fields keeps the version.
 */
export const RUM_PROTOCOL_VERSION = 1
