/** A random 16-character id (about 82 bits) from the platform CSPRNG; safe in non-secure contexts too. */
export const newId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b % 36).toString(36)).join('')
