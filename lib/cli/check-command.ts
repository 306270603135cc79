import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { Kafka, logLevel } from 'kafkajs';
import { createOAuthTokenCache, oauthBearerProvider } from '../auth/index.ts';
import {
  ConfigError,
  formatIssue,
  type ResolvedConfig,
  resolveConfig,
  validateConfig,
} from '../config/index.ts';
import { kafkaClientOptions, tlsOptions, toNotDelivered } from '../kafka/index.ts';
import { processRedactor } from '../observability/index.ts';
import { createSecretCache } from '../secrets/index.ts';
import { EXIT, type Output } from './output.ts';

type Step = 'validated' | 'resolved' | 'connected' | 'authenticated' | 'topic metadata';

class StepFailed extends Error {
  constructor(
    readonly step: Step,
    message: string,
  ) {
    super(message);
  }
}

/** Opens a TCP (and, for SSL/SASL_SSL, TLS) connection to the first broker: reachability and certificates. */
function reach(config: ResolvedConfig, timeoutMs: number): Promise<string> {
  const [host, portText] = config.brokers[0]!.split(/:(?=\d+$)/);
  const port = Number(portText);
  const tls = config.securityProtocol === 'SSL' || config.securityProtocol === 'SASL_SSL';
  return new Promise((done, fail) => {
    const socket = tls
      ? tlsConnect({ host, port, servername: host, ...tlsOptions(config.ssl) })
      : tcpConnect({ host: host!, port });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      fail(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`));
    });
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      socket.end();
      done(tls ? `${host}:${port} (TLS, certificate verified)` : `${host}:${port}`);
    });
    socket.once('error', (err) => fail(new Error(toNotDelivered(err).error.message)));
  });
}

async function run(file: string, output: Output): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const { config: raw, errors } = validateConfig(text, file);
  if (!raw) throw new StepFailed('validated', errors.map(formatIssue).join('\n'));
  output.out('✓ validated');

  const secrets = createSecretCache();
  let config: ResolvedConfig;
  try {
    config = await resolveConfig(raw, {
      env: process.env,
      baseDir: dirname(resolve(file)),
      getSecret: async (id, key) => {
        const value = await secrets.get(id, key);
        processRedactor.add(value);
        return value;
      },
    });
  } catch (err) {
    throw new StepFailed('resolved', err instanceof ConfigError ? err.message : (err as Error).message);
  }
  output.out('✓ resolved (templates, secrets and files)');

  try {
    output.out(`✓ connected to ${await reach(config, 5000)}`);
  } catch (err) {
    throw new StepFailed('connected', (err as Error).message);
  }

  const oauth = config.sasl?.oauth;
  const provider = oauth ? oauthBearerProvider(createOAuthTokenCache(oauth)) : undefined;
  const kafka = new Kafka({
    ...kafkaClientOptions(config, { ...(provider ? { oauthBearerProvider: provider } : {}) }),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    try {
      await admin.connect();
      // A broker may take the SASL exchange and refuse the token only on the first request:
      // "authenticated" is said once a request has been answered on the authenticated connection.
      await admin.describeCluster();
    } catch (err) {
      throw new StepFailed('authenticated', toNotDelivered(err).error.message);
    }
    output.out(
      `✓ authenticated (${config.securityProtocol}${config.sasl ? ` ${config.sasl.mechanism.toUpperCase()}` : ''})`,
    );
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [config.topic] });
      output.out(`✓ topic metadata: ${config.topic} has ${topics[0]?.partitions.length ?? 0} partition(s)`);
    } catch (err) {
      throw new StepFailed('topic metadata', `${config.topic}: ${toNotDelivered(err).error.message}`);
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * `ske check FILE`: resolves secrets and files, connects, authenticates and
 * reads the default topic's metadata, reporting each step; on failure it
 * names the step that failed. Secrets never appear in the output.
 */
export async function checkCommand(file: string, output: Output): Promise<number> {
  const redacted: Output = {
    out: (line) => output.out(processRedactor.redact(line)),
    err: (line) => output.err(processRedactor.redact(line)),
  };
  try {
    await run(file, redacted);
    redacted.out(`${file}: ready to export`);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof StepFailed) {
      redacted.err(`✗ ${err.step}: ${err.message}`);
      return EXIT.failed;
    }
    redacted.err(`✗ ${(err as Error).message}`);
    return EXIT.failed;
  }
}
