/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** Aborted on Ctrl-C or SIGTERM: the command stops, keeps what it measured, and exits 130. */
  signal?: AbortSignal
}
