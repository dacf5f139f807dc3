/** An application allowed to send RUM: its name (`meta.app`), its ingest key and the page origins it runs on. */
export interface RumApp {
  readonly name: string
  /** Public by nature (it ships in the page); it ties a batch to its app, it does not keep secrets. */
  readonly key: string
  /** Exact origins such as `https://shop.example`, or `*` for any. */
  readonly allowedOrigins: readonly string[]
}
