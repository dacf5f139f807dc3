import type { AlertingSpec } from './spec.js'
import { WorkbookAlertRules } from './workbookAlertRules.js'

/**
 * Alerting when a spec says nothing: the Workbook rules for pages and tickets, held silent until
 * the long window has seen 100 (weighted) events, so one failed request at 3 a.m. pages nobody.
 */
export const DefaultAlerting: Readonly<AlertingSpec> = {
  minEvents: 100,
  page: true,
  ticket: true,
  rules: [...WorkbookAlertRules],
}
