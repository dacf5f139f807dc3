// The SDK's published build replaces this module with web-vitals' own code, its functions marked for
// eager compilation (scripts/hint-dist.mjs; docs/sdk-browser.md, "Start-up cost").
export type { MetricType } from 'web-vitals'
export { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals'
