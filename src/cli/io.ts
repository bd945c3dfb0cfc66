/** What the CLI writes to and reads from: the process, or a test's buffers. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTty: boolean;
  env: Record<string, string | undefined>;
  /** Width of standard output when it is a terminal. */
  columns?: number;
  /** Whether standard error is a terminal (progress lines). */
  stderrIsTty?: boolean;
}
