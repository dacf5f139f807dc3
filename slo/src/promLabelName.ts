const valid = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Whether `name` may be a Prometheus label name as it is. */
export const isPromLabelName = (name: string): boolean => valid.test(name) && !name.startsWith('__')

/**
 * A spec label key made into a Prometheus label name: characters outside `[A-Za-z0-9_]` become `_`
 * (`app.kubernetes.io/name` → `app_kubernetes_io_name`), and a leading digit or the reserved `__`
 * prefix gets an `x` in front.
 */
export const promLabelName = (name: string): string => {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_')
  return /^[0-9]/.test(cleaned) || cleaned.startsWith('__') || cleaned === '' ? `x${cleaned}` : cleaned
}
