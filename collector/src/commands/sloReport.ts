import type { CommandOutput } from './commandOutput.js'
import { SloExitCodes } from './sloExitCodes.js'

export interface SloReportOptions {
  month: string
  /** Base URL of the collector, e.g. `http://127.0.0.1:4318`. */
  collector: string
  /** Bearer token for the collector's API. */
  token?: string
}

interface ReportDay {
  day: string
  bad: number
  sli: number | null
}

interface ReportSlo {
  id: string
  objective: number
  attainment: number | null
  met: boolean | null
  budgetUsed: number
  worstDays: ReportDay[]
}

interface Report {
  month: string
  journeys: { journey: string; slos: ReportSlo[] }[]
}

const percent = (value: number | null, digits = 3) =>
  value === null ? '—' : `${(value * 100).toFixed(digits)}%`

/** Lays out rows as columns separated by two spaces, each as wide as its widest cell. */
const table = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** The report as a table, one line per SLO; what the collector computed, nothing recomputed here. */
export const formatSlaReport = (report: Report): string => {
  const rows: string[][] = [['JOURNEY', 'SLO', 'OBJECTIVE', 'ATTAINED', 'MET', 'BUDGET USED', 'WORST DAYS']]
  for (const j of report.journeys) {
    for (const s of j.slos) {
      rows.push([
        j.journey,
        s.id,
        percent(s.objective),
        percent(s.attainment),
        s.met === null ? 'no data' : s.met ? 'met' : 'MISSED',
        percent(s.budgetUsed, 1),
        s.worstDays.map((d) => `${d.day} (${percent(d.sli, 2)})`).join(', ') || '—',
      ])
    }
  }
  const count = rows.length - 1
  const missed = report.journeys.flatMap((j) => j.slos).filter((s) => s.met === false).length
  return `SLA report ${report.month}\n\n${table(rows)}\n\n${count} SLOs, ${missed} missed\n`
}

/**
 * `vigil slo report --month YYYY-MM`: reads `GET /api/reports/sla` from a running collector and
 * prints it as a table. Exit codes: 0 printed, 1 the collector refused or could not be reached,
 * 2 usage error.
 */
export const sloReport = async (
  options: SloReportOptions,
  output: CommandOutput,
  fetchImpl: typeof fetch = fetch,
): Promise<number> => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) {
    output.stderr(
      `vigil slo report: --month must be YYYY-MM, e.g. 2026-03 (got ${JSON.stringify(options.month)})\n`,
    )
    return SloExitCodes.usage
  }
  let url: URL
  try {
    url = new URL('/api/reports/sla', options.collector)
  } catch {
    output.stderr(
      `vigil slo report: --collector must be a URL such as http://127.0.0.1:4318 (got ${JSON.stringify(options.collector)})\n`,
    )
    return SloExitCodes.usage
  }
  url.searchParams.set('month', options.month)
  let response: Response
  try {
    response = await fetchImpl(url, {
      headers: {
        accept: 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
    })
  } catch (error) {
    output.stderr(
      `vigil slo report: cannot reach the collector at ${url.origin}: ${(error as Error).message}\n`,
    )
    return SloExitCodes.invalid
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string }
    const hint = response.status === 401 ? ' (pass --token or set VIGIL_API_TOKEN)' : ''
    output.stderr(
      `vigil slo report: the collector answered ${response.status}: ${body.message ?? response.statusText}${hint}\n`,
    )
    return SloExitCodes.invalid
  }
  output.stdout(formatSlaReport((await response.json()) as Report))
  return SloExitCodes.ok
}
