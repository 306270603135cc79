import type { ConfigIssue } from './errors.ts';
import { describeFound } from './issues.ts';
import { isMapping } from './paths.ts';
import { checkRegistryRules } from './registry-schema.ts';
import { SASL_MECHANISMS, type SaslMechanism, SECURITY_PROTOCOLS, type SecurityProtocol } from './schema.ts';

/** Issues that involve more than one key. */
export interface RuleResult {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
}

const OAUTH_REQUIRED = ['oauth_token_url', 'oauth_client_id', 'oauth_client_secret'] as const;
const OAUTH_KEYS = [...OAUTH_REQUIRED, 'oauth_scope', 'oauth_refresh_margin_seconds', 'oauth_timeout_ms'];

/** Mage treats an empty credential like a missing one (`if not token_url`). */
const missing = (value: unknown) => value === undefined || value === '';

/**
 * Cross-field rules of exporter.yaml. They read the document as written, so
 * they run even when single keys are invalid and every error gets listed; a
 * rule whose inputs are invalid or still templated (`isUnresolved`) is skipped,
 * as its outcome is not known yet.
 */
export function checkRules(
  doc: Record<string, unknown>,
  isUnresolved: (value: unknown) => boolean,
): RuleResult {
  const result: RuleResult = { errors: [], warnings: [] };
  const error = (path: string, message: string) => result.errors.push({ path, message });
  const warn = (path: string, message: string) => result.warnings.push({ path, message });
  const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T | undefined => {
    if (value === undefined) return fallback;
    if (isUnresolved(value)) return undefined;
    return allowed.find((option) => option === value);
  };

  const protocol = pick<SecurityProtocol>(doc.security_protocol, SECURITY_PROTOCOLS, 'PLAINTEXT');
  const sasl = isMapping(doc.sasl_config) ? doc.sasl_config : undefined;
  const ssl = isMapping(doc.ssl_config) ? doc.ssl_config : undefined;
  const mechanism = sasl && pick<SaslMechanism>(sasl.mechanism, SASL_MECHANISMS, 'PLAIN');

  if (protocol !== undefined) {
    const usesSasl = protocol === 'SASL_SSL' || protocol === 'SASL_PLAINTEXT';
    if (usesSasl && doc.sasl_config === undefined) {
      error(
        'sasl_config',
        `expected a mapping (required when security_protocol is ${protocol}); got nothing`,
      );
    }
    if (!usesSasl && doc.sasl_config !== undefined) {
      const current = doc.security_protocol === undefined ? 'PLAINTEXT, the default' : protocol;
      error(
        'sasl_config',
        `is used only with SASL; set security_protocol to SASL_SSL or SASL_PLAINTEXT (it is ${current})`,
      );
    }
    if ((protocol === 'PLAINTEXT' || protocol === 'SASL_PLAINTEXT') && doc.ssl_config !== undefined) {
      warn('ssl_config', `ignored because security_protocol is ${protocol}; use SSL or SASL_SSL for TLS`);
    }
    if (protocol === 'SASL_PLAINTEXT' && (mechanism === 'PLAIN' || mechanism === 'OAUTHBEARER')) {
      const what = mechanism === 'PLAIN' ? 'the password' : 'the access token';
      warn(
        'sasl_config.mechanism',
        `${mechanism} over SASL_PLAINTEXT sends ${what} unencrypted; use SASL_SSL`,
      );
    }
  }

  if (sasl !== undefined && mechanism !== undefined) {
    const required = mechanism === 'OAUTHBEARER' ? OAUTH_REQUIRED : (['username', 'password'] as const);
    // Checked in this order, with Mage's wording, so the first line matches what Mage would say.
    for (const key of required) {
      if (missing(sasl[key]))
        error(`sasl_config.${key}`, `${key} is required when using ${mechanism} mechanism`);
    }
    const unused = mechanism === 'OAUTHBEARER' ? ['username', 'password'] : OAUTH_KEYS;
    for (const key of unused) {
      if (sasl[key] !== undefined) warn(`sasl_config.${key}`, `ignored with ${mechanism} mechanism`);
    }
  }

  if (ssl !== undefined) {
    if (ssl.certfile !== undefined && ssl.keyfile === undefined) {
      error('ssl_config.keyfile', 'keyfile is required when certfile is set');
    }
    if (ssl.keyfile !== undefined && ssl.certfile === undefined) {
      error('ssl_config.certfile', 'certfile is required when keyfile is set');
    }
    if (ssl.password !== undefined && ssl.keyfile === undefined) {
      warn('ssl_config.password', 'ignored without keyfile (it is the passphrase of the keyfile)');
    }
  }

  const http = isMapping(doc.http) ? doc.http : undefined;
  if (http !== undefined) {
    const auth = http.auth ?? 'api_key';
    if ((auth === 'api_key' || auth === 'hmac') && missing(http.secret)) {
      error(
        'http.secret',
        `expected the shared secret (e.g. "{{ aws_secret('id', 'key') }}") when http.auth is ${auth}; got nothing`,
      );
    }
    if (auth === 'none') warn('http.auth', 'HTTP requests are accepted without authentication');
  }

  if (isMapping(doc.schema_registry)) checkRegistryRules(doc.schema_registry, error);

  const acks = doc.acks;
  if (doc.idempotent === true && acks !== undefined && !isUnresolved(acks) && acks !== 'all' && acks !== -1) {
    error(
      'idempotent',
      `requires acks: all (an idempotent producer waits for every replica); got acks ${describeFound(acks)}`,
    );
  }
  if (
    typeof doc.dead_letter_topic === 'string' &&
    doc.dead_letter_topic === doc.topic &&
    !isUnresolved(doc.topic)
  ) {
    error(
      'dead_letter_topic',
      `expected a topic other than the default topic; got ${describeFound(doc.topic)}`,
    );
  }
  return result;
}
