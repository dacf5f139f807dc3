/** Counts the items rejected from one request and keeps the reason for the first one. */
export class Rejections {
  count = 0
  message = ''

  add(items: number, reason: string): void {
    if (items <= 0) return
    if (this.count === 0) this.message = reason
    this.count += items
  }
}
