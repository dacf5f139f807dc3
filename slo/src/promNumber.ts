/**
 * A number as PromQL and rule files should show it: twelve significant digits, so that derived
 * values read 13.44 and 0.001 rather than 13.440000000000001 and 0.0010000000000000009.
 */
export const promNumber = (value: number): string => {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
  return String(Number(value.toPrecision(12)))
}
