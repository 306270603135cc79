import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../lib/cli/main.ts';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }).then((code) => ({
    code,
    out,
    err,
  }));
}

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ske-validate-'));
  const file = join(dir, 'exporter.yaml');
  writeFileSync(file, text);
  return file;
}

describe('ske validate', () => {
  it('exits 0 for a valid config', async () => {
    const file = configFile('connector_type: kafka\nbootstrap_server: "localhost:9092"\ntopic: topic_name\n');
    expect(await run(['validate', file])).toMatchObject({ code: 0, out: [`${file}: valid`], err: [] });
  });

  it('exits 1 and lists every error with its path', async () => {
    const file = configFile(
      'bootstrap_server: localhost\ntopic: t\nsasl_config:\n  mechanism: PLAN\nbatch_sise: 3\n',
    );
    const { code, err } = await run(['validate', file]);
    expect(code).toBe(1);
    expect(err).toContain('error: bootstrap_server: expected host:port; got "localhost"');
    expect(err).toContain(
      'error: sasl_config.mechanism: expected one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER, AWS_MSK_IAM; got "PLAN"',
    );
    expect(err).toContain('error: batch_sise: unknown key (did you mean "batch_size"?)');
    expect(err.at(-1)).toMatch(/: \d+ error\(s\)$/);
  });

  it('warns about ssl_config files missing here but still exits 0', async () => {
    const file = configFile(
      'bootstrap_server: "b:9093"\ntopic: t\nsecurity_protocol: SSL\nssl_config:\n  cafile: CARoot.pem\n',
    );
    const { code, err, out } = await run(['validate', file]);
    expect(code).toBe(0);
    expect(err[0]).toMatch(/^warning: ssl_config\.cafile: file not found here: .*CARoot\.pem/);
    expect(out[0]).toMatch(/valid \(1 warning\(s\)\)$/);
  });

  it('exits 1 naming a file it cannot read', async () => {
    const { code, err } = await run(['validate', '/nonexistent/exporter.yaml']);
    expect(code).toBe(1);
    expect(err[0]).toBe('/nonexistent/exporter.yaml: cannot read: ENOENT');
  });

  it('exits 2 on wrong usage and prints help on --help', async () => {
    expect((await run(['validate'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    const help = await run(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.out[0]).toContain('ske validate FILE');
  });
});
