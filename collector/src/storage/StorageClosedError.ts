/** Refusal of a write because storage is closing or closed. */
export class StorageClosedError extends Error {
  override readonly name = 'StorageClosedError'

  constructor() {
    super('storage is closed')
  }
}
