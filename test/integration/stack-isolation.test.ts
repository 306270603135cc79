import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answersWithMarker, clusterIsOurs, jwksMatchesKey } from '../../infra/stack/identity.ts';
import { stackLayout } from '../../infra/stack/layout.ts';
import { down, status, up } from '../../infra/stack/stack.ts';
import { testExporter } from '../helpers/exporter.ts';
import { createTopics, readAll, uniqueTopic } from '../helpers/kafka.ts';
import { stack } from '../helpers/stack.ts';

/** Layouts of other state folders: the same ports as the running stack, or ports 50 above. */
const mainLayout = stackLayout();
const base = mainLayout.ports.oauth;
const folders: string[] = [];
function otherLayout(portBase: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ske-other-stack-'));
  folders.push(dir);
  return stackLayout({ ...process.env, SKE_STACK_DIR: dir, SKE_PORT_BASE: String(portBase) });
}

afterEach(async () => {
  for (const dir of folders.splice(0)) {
    await down(stackLayout({ ...process.env, SKE_STACK_DIR: dir }), { clean: true });
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

describe('a second stack never mistakes the first one for its own', () => {
  it('on the same ports: a clear error naming each port and service, nothing started, the first stack untouched', async () => {
    const before = status(mainLayout);
    const other = otherLayout(base);
    const error = (await up(other).catch((err: Error) => err)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`port ${mainLayout.ports.oauth}: needed by the OAuth server (oauth)`);
    expect(error.message).toContain(
      `port ${mainLayout.ports.plaintext}: needed by the Kafka broker 1 PLAINTEXT listener (kafka)`,
    );
    expect(error.message).toContain('SKE_PORT_BASE');
    expect(error.message).toContain('npm run stack:down');
    expect(Object.values(status(other)).every((pid) => pid === undefined)).toBe(true);
    expect(status(mainLayout)).toEqual(before);
    // The first stack still serves: a message goes through it.
    const [topic] = await createTopics([uniqueTopic('untouched')]);
    const { exporter } = testExporter(`bootstrap_server: ${stack().bootstrap.plaintext}\ntopic: ${topic}\n`);
    expect(
      (await exporter.export([{ message: 'still here' }], { deadline: Date.now() + 10_000 })).delivered,
    ).toBe(1);
    await exporter.close();
    expect(await readAll(topic!)).toHaveLength(1);
  });

  it("readiness checks tell this stack's services from another folder's", async () => {
    const other = otherLayout(base);
    // Another folder's key, marker and cluster id: the running services must not pass for them.
    writeFileSync(join(other.stateDir, 'marker'), 'another-checkout');
    expect(await answersWithMarker(stack().aws.endpoint, 'another-checkout')).toBe(false);
    expect(await answersWithMarker(stack().countingProxy, 'another-checkout')).toBe(false);
    expect(await jwksMatchesKey(stack().oauth.jwksUrl, join(other.stateDir, 'missing-key.pem'))).toBe(false);
    expect(await clusterIsOurs(stack().bootstrap.plaintext, 'AAAAAAAAAAAAAAAAAAAAAA', [1])).toBe(false);
    // ... and do pass for this one's.
    expect(
      await jwksMatchesKey(stack().oauth.jwksUrl, join(mainLayout.stateDir, 'oauth-signing-key.pem')),
    ).toBe(true);
  });

  it('a service that dies during start-up fails stack:up with the last lines of its log', async () => {
    const other = otherLayout(base + 50);
    writeFileSync(join(other.stateDir, 'oauth-signing-key.pem'), 'not a PEM key\n');
    const error = (await up(other).catch((err: Error) => err)) as Error;
    expect(error.message).toMatch(
      /^OAuth server JWKS .*\(oauth\) exited during start-up; last lines of .*oauth\.log:\n/,
    );
    expect(error.message).toMatch(/\| .*(DECODER|PEM|key)/i);
  });

  it('with SKE_PORT_BASE changed, a second stack starts alongside and serves its own broker', async () => {
    const other = otherLayout(base + 50);
    const info = await up(other);
    expect(info.bootstrap.plaintext).toBe(`localhost:${base + 52}`);
    expect(Object.values(status(other)).every((pid) => pid !== undefined)).toBe(true);
    expect(Object.values(status(mainLayout)).every((pid) => pid !== undefined)).toBe(true);
  }, 240_000);
});
