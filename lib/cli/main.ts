import { readFileSync } from 'node:fs';
import { parseArgs } from './args.ts';
import { consoleOutput, EXIT, type Output } from './output.ts';

const USAGE = `ske — serverless-kafka-exporter command line

usage:
  ske validate FILE                       check an exporter.yaml without contacting anything
  ske check FILE                          resolve secrets and files, connect, authenticate, read topic metadata
  ske invoke TRIGGER EVENT.json [--config FILE] [--timeout MS]
                                          run a function (sqs, s3, http, invoke, kinesis, dynamodb) locally on an event
  ske send TOPIC JSON [--key KEY] [--config FILE]
                                          export one message and print where it landed
  ske tail TOPIC [--from-beginning] [--max N] [--config FILE]
                                          print a topic's records as JSON lines
  ske help                                this text
  ske --version                           the package version

--config defaults to the functions' rule: SKE_CONFIG, SKE_CONFIG_FILE, then ./exporter.yaml.
AWS settings (region, credentials, AWS_ENDPOINT_URL) come from the usual AWS environment.
exit codes: 0 success, 1 the command ran and failed (each problem is printed), 2 wrong usage`;

const ARITY: Record<string, number> = { validate: 1, check: 1, invoke: 2, send: 2, tail: 1 };

/** The version in package.json (lib/cli/ and the bundle's dist/cli/ both sit two levels under the root). */
function packageVersion(): string {
  return (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
}

/** Runs one `ske` command and returns its exit code. */
export async function main(argv: readonly string[], output: Output = consoleOutput): Promise<number> {
  const { positional, options } = parseArgs(argv, ['config', 'key', 'max', 'timeout']);
  const [command, ...args] = positional;
  if (options.version || command === 'version') {
    output.out(packageVersion());
    return EXIT.ok;
  }
  if (command === undefined || command === 'help' || options.help || options.h) {
    output.out(USAGE);
    return command === undefined && !options.help ? EXIT.usage : EXIT.ok;
  }
  const arity = ARITY[command];
  if (arity === undefined) {
    output.err(`ske: unknown command "${command}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.length < arity) {
    output.err(`ske ${command}: missing argument(s)\n\n${USAGE}`);
    return EXIT.usage;
  }
  // Each command is loaded when it runs: `ske --version` or `ske validate` never load KafkaJS or the AWS SDK.
  switch (command) {
    case 'validate':
      return (await import('./validate-command.ts')).validateCommand(args[0]!, output);
    case 'check':
      return (await import('./check-command.ts')).checkCommand(args[0]!, output);
    case 'invoke':
      return (await import('./invoke-command.ts')).invokeCommand(args[0]!, args[1]!, options, output);
    case 'send':
      return (await import('./send-command.ts')).sendCommand(args[0]!, args[1]!, options, output);
    default:
      return (await import('./tail-command.ts')).tailCommand(args[0]!, options, output);
  }
}
