/** Splits argv into positionals and `--name value` / `--flag` options. */
export function parseArgs(
  argv: readonly string[],
  valued: readonly string[],
): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) options[name] = inline;
    else if (valued.includes(name) && i + 1 < argv.length) options[name] = argv[++i]!;
    else options[name] = true;
  }
  return { positional, options };
}

/**
 * A `--name N` option that must be a positive whole number: its value, the
 * default when it is absent, or the usage error to print (exit 2). A value
 * like `abc` must never mean "no limit".
 */
export function positiveInteger(
  options: Record<string, string | true>,
  name: string,
  fallback: number,
): { ok: true; value: number } | { ok: false; message: string } {
  const raw = options[name];
  if (raw === undefined) return { ok: true, value: fallback };
  const value = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (Number.isSafeInteger(value) && value > 0) return { ok: true, value };
  return {
    ok: false,
    message: `--${name}: expected a positive whole number; got ${raw === true ? 'nothing' : JSON.stringify(raw)}`,
  };
}
