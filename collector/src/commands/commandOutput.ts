/** Where a command writes: the process's streams in the CLI, buffers in tests. */
export interface CommandOutput {
  stdout(text: string): void
  stderr(text: string): void
}

/** The process's own stdout and stderr. */
export const processOutput: CommandOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}
