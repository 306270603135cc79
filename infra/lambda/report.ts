/** The figures of one invocation, from the emulator's REPORT line (Lambda's own format). */
export interface Report {
  requestId: string;
  /**
   * Present on the first invocation of an environment: the runtime's start-up
   * up to its first /next (our runtime's INIT_REPORT line; the emulator
   * counts init into the first Duration instead, as durationMs then does).
   */
  initMs?: number;
  durationMs: number;
  billedMs: number;
  /** The cgroup's peak memory use so far (the emulator's own figure is only the memory size). */
  maxMemoryMb?: number;
}

/** Finds and parses `REPORT RequestId: <id> [Init Duration: x ms] Duration: y ms Billed Duration: z ms ...`. */
export function parseReport(output: string, requestId: string): Report | undefined {
  const line = output.split('\n').find((l) => l.startsWith(`REPORT RequestId: ${requestId}\t`));
  if (!line) return undefined;
  const field = (name: string) => {
    const m = new RegExp(`${name}: ([0-9.]+) ms`).exec(line);
    return m ? Number(m[1]) : undefined;
  };
  const durationMs = field('(?<!Billed |Init )Duration');
  const billedMs = field('Billed Duration');
  if (durationMs === undefined || billedMs === undefined) throw new Error(`unreadable REPORT line: ${line}`);
  return { requestId, durationMs, billedMs };
}

/** The runtime's `INIT_REPORT Init Duration: x ms` line, once it has printed it. */
export function parseInitReport(output: string): number | undefined {
  const m = /^INIT_REPORT Init Duration: ([0-9.]+) ms$/m.exec(output);
  return m ? Number(m[1]) : undefined;
}
