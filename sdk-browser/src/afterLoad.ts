/**
 * Runs `fn` once the document has loaded and the main thread is idle (at most `timeoutMs` after
 * the load event), so that work which can wait does not compete with the page's own loading.
 */
export const afterLoad = (fn: () => void, timeoutMs = 1000): void => {
  const idle = () =>
    typeof requestIdleCallback === 'function'
      ? requestIdleCallback(fn, { timeout: timeoutMs })
      : setTimeout(fn, 1)
  if (document.readyState === 'complete') idle()
  else addEventListener('load', () => setTimeout(idle), { once: true })
}
