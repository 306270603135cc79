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
