/** Where a command writes; injected so tests can read it. */
export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const consoleOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes of every `ske` command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
