/** A random 16-character id (about 82 bits) from the platform CSPRNG; safe in non-secure contexts too. */
export const newId = (): string => {
  let id = ''
  for (const b of crypto.getRandomValues(new Uint8Array(16))) id += (b % 36).toString(36)
  return id
}
