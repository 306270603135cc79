import { checkCommand } from './check-command.ts';
import { consoleOutput, EXIT, type Output } from './output.ts';
import { validateCommand } from './validate-command.ts';

const USAGE = `ske — serverless-kafka-exporter command line

usage:
  ske validate FILE   check an exporter.yaml without contacting anything
  ske check FILE      resolve secrets and files, connect, authenticate, read topic metadata
  ske help            this text

exit codes: 0 success, 1 the check failed (each problem is printed), 2 wrong usage`;

/** Runs one `ske` command and returns its exit code. */
export async function main(argv: readonly string[], output: Output = consoleOutput): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    output.out(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const file = args.find((a) => !a.startsWith('-'));
  if (args.includes('--help')) {
    output.out(USAGE);
    return EXIT.ok;
  }
  switch (command) {
    case 'validate':
    case 'check':
      if (!file) {
        output.err(`ske ${command}: missing FILE\n\n${USAGE}`);
        return EXIT.usage;
      }
      return command === 'validate' ? validateCommand(file, output) : checkCommand(file, output);
    default:
      output.err(`ske: unknown command "${command}"\n\n${USAGE}`);
      return EXIT.usage;
  }
}
