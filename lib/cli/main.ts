import { parseArgs } from './args.ts';
import { checkCommand } from './check-command.ts';
import { invokeCommand } from './invoke-command.ts';
import { consoleOutput, EXIT, type Output } from './output.ts';
import { sendCommand } from './send-command.ts';
import { tailCommand } from './tail-command.ts';
import { validateCommand } from './validate-command.ts';

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

--config defaults to the functions' rule: SKE_CONFIG, SKE_CONFIG_FILE, then ./exporter.yaml.
AWS settings (region, credentials, AWS_ENDPOINT_URL) come from the usual AWS environment.
exit codes: 0 success, 1 the command ran and failed (each problem is printed), 2 wrong usage`;

const ARITY: Record<string, number> = { validate: 1, check: 1, invoke: 2, send: 2, tail: 1 };

/** Runs one `ske` command and returns its exit code. */
export async function main(argv: readonly string[], output: Output = consoleOutput): Promise<number> {
  const { positional, options } = parseArgs(argv, ['config', 'key', 'max', 'timeout']);
  const [command, ...args] = positional;
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
  switch (command) {
    case 'validate':
      return validateCommand(args[0]!, output);
    case 'check':
      return checkCommand(args[0]!, output);
    case 'invoke':
      return invokeCommand(args[0]!, args[1]!, options, output);
    case 'send':
      return sendCommand(args[0]!, args[1]!, options, output);
    default:
      return tailCommand(args[0]!, options, output);
  }
}
