import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../infra/stack/layout.ts';

const manifest = join(ROOT, 'dist', 'cli', 'inputs.json');
const ske = (...args: string[]) =>
  execFileSync(process.execPath, [join(ROOT, 'bin', 'ske.mjs'), ...args], { cwd: ROOT }).toString();
const builtAt = () => (JSON.parse(readFileSync(manifest, 'utf8')) as { builtAt: number }).builtAt;

describe('the ske command in a checkout', () => {
  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(ske('--version').trim()).toBe(version);
    expect(ske('version').trim()).toBe(version);
  });

  it('rebuilds its bundle when a source file changed, and only then', () => {
    ske('--version');
    const first = builtAt();
    ske('--version');
    expect(builtAt()).toBe(first);

    // A source file saved since the build (its content unchanged, so the checkout stays as it was).
    const source = join(ROOT, 'lib', 'cli', 'args.ts');
    const { atime, mtimeMs } = statSync(source);
    utimesSync(source, atime, new Date(Math.min(mtimeMs, first) - 10_000));
    expect(ske('validate', 'exporter.yaml')).toContain('exporter.yaml: valid');
    expect(builtAt()).toBeGreaterThan(first);
    const second = builtAt();
    ske('--version');
    expect(builtAt()).toBe(second);
  });
});
