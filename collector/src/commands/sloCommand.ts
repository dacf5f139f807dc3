import type { Command } from 'commander'

interface SloFlags {
  embedded?: boolean
  out?: string
}

interface ReportFlags {
  month: string
  collector: string
  token?: string
}

const embeddedHelp = 'the files are collector configs: ignore keys other than slos'

/**
 * `vigil slo check FILE...` and `vigil slo rules FILE... [--out file]`. The implementations are
 * loaded inside the actions so that `vigil --help` does not pay for them.
 */
export const addSloCommand = (program: Command): void => {
  const slo = program
    .command('slo')
    .summary('check SLO specs, export them as Prometheus rules, print SLA reports')
    .description(
      'Work with SLO spec files: Vigil specs, OpenSLO v1 (several documents per file) and Sloth ' +
        'prometheus/v1, told apart by their top-level keys. See docs/slo.md.',
    )
  slo
    .command('check')
    .summary('validate SLO spec files')
    .description(
      'Validate SLO spec files. Each problem is printed as file:line:col: severity: message (path) — fix: …; ' +
        'when there is no error, one line per SLO gives its objective, window and alert factors.\n' +
        'Exit codes: 0 valid (warnings allowed), 1 errors, 2 usage error (e.g. a missing file).',
    )
    .argument('<file...>', 'spec files')
    .option('--embedded', embeddedHelp)
    .action(async (files: string[], flags: SloFlags) => {
      const [{ sloCheck }, { processOutput }] = await Promise.all([
        import('./sloCheck.js'),
        import('./commandOutput.js'),
      ])
      process.exitCode = sloCheck(files, { embedded: flags.embedded ?? false }, processOutput)
    })
  slo
    .command('rules')
    .summary('print Prometheus recording and alerting rules for SLO spec files')
    .description(
      'Print Prometheus recording and alerting rules (Sloth-compatible names and labels) for every SLO ' +
        'in the files. Problems are reported as by "vigil slo check"; with an error nothing is written.\n' +
        'Exit codes: 0 written, 1 errors, 2 usage error.',
    )
    .argument('<file...>', 'spec files')
    .option('-o, --out <file>', 'write the rules to this file instead of stdout')
    .option('--embedded', embeddedHelp)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ vigil slo rules slos.yaml --out slo-rules.yaml',
        '  $ promtool check rules slo-rules.yaml',
      ].join('\n'),
    )
    .action(async (files: string[], flags: SloFlags) => {
      const [{ sloRules }, { processOutput }] = await Promise.all([
        import('./sloRules.js'),
        import('./commandOutput.js'),
      ])
      process.exitCode = sloRules(
        files,
        {
          embedded: flags.embedded ?? false,
          version: program.version() ?? '',
          ...(flags.out ? { out: flags.out } : {}),
        },
        processOutput,
      )
    })
  slo
    .command('report')
    .summary('print the SLA report of a month from a running collector')
    .description(
      "Print, per journey, each SLO's attainment against its objective, whether it was met, the budget " +
        'used and the worst days of a month, as the collector computes them (GET /api/reports/sla).\n' +
        'Exit codes: 0 printed, 1 the collector refused or could not be reached, 2 usage error.',
    )
    .requiredOption('--month <YYYY-MM>', 'the month, e.g. 2026-03')
    .option('--collector <url>', 'collector base URL', 'http://127.0.0.1:4318')
    .option('--token <token>', 'API token (default: VIGIL_API_TOKEN)')
    .action(async (flags: ReportFlags) => {
      const [{ sloReport }, { processOutput }] = await Promise.all([
        import('./sloReport.js'),
        import('./commandOutput.js'),
      ])
      const token = flags.token ?? process.env.VIGIL_API_TOKEN
      process.exitCode = await sloReport(
        { month: flags.month, collector: flags.collector, ...(token ? { token } : {}) },
        processOutput,
      )
    })
}
