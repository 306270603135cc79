import { resetDeadlineTimer } from './kafka/deadline.ts';
import { processRedactor, resetColdStart } from './observability/index.ts';
import { resetSchemaCache } from './registry/schema-cache.ts';
import { resetDefaultSecretCache } from './secrets/index.ts';
import { resetDigestCache } from './triggers/http/auth.ts';

/**
 * Forgets every module-level cache a warm container keeps, so a test starts
 * as a cold start would: the process redactor's secrets, the shared deadline
 * timer (pending waits expire), the HTTP API-key digest, the process-wide
 * secret cache, the schema registry's schemas, and that the process was invoked (the next line says
 * `cold_start`). Producers, tokens and configs live in exporters, not modules:
 * `exporter.close()` releases those. For tests; production never calls it.
 */
export function resetWarmState(): void {
  processRedactor.clear();
  resetDeadlineTimer();
  resetDigestCache();
  resetDefaultSecretCache();
  resetSchemaCache();
  resetColdStart();
}
