import { describe, expect, it } from 'vitest';
import { locateConfig } from '../../../lib/config/index.ts';
import { fakeFiles, messageOf } from './fakes.ts';

const INLINE = 'bootstrap_server: a:9092\ntopic: inline\n';
const FILES = {
  '/var/task/exporter.yaml': 'topic: bundled\n',
  '/var/task/config/prod.yaml': 'topic: named\n',
  '/etc/ske/exporter.yaml': 'topic: absolute\n',
  '/home/dev/exporter.yaml': 'topic: cwd\n',
};
const cwd = () => '/home/dev';

describe('locateConfig', () => {
  it('prefers inline YAML in SKE_CONFIG over a named file and the bundled one', async () => {
    const { readFile, reads } = fakeFiles(FILES);
    const env = { SKE_CONFIG: INLINE, SKE_CONFIG_FILE: 'config/prod.yaml', LAMBDA_TASK_ROOT: '/var/task' };
    expect(await locateConfig(env, { readFile, cwd })).toEqual({
      source: 'SKE_CONFIG',
      yamlText: INLINE,
      baseDir: '/var/task',
    });
    expect(reads).toEqual([]);
  });

  it('takes a one-line flow mapping as inline YAML', async () => {
    const env = { SKE_CONFIG: '{bootstrap_server: "a:9092", topic: t}' };
    expect((await locateConfig(env, { readFile: fakeFiles({}).readFile, cwd })).source).toBe('SKE_CONFIG');
  });

  it('refuses a single line in SKE_CONFIG, pointing to SKE_CONFIG_FILE', async () => {
    expect(
      await messageOf(
        locateConfig({ SKE_CONFIG: 'exporter.yaml' }, { readFile: fakeFiles(FILES).readFile, cwd }),
      ),
    ).toBe(
      'SKE_CONFIG: expected inline YAML (several lines, or a mapping starting with "{"); got a single line: to name a file, set SKE_CONFIG_FILE',
    );
  });

  it('reads SKE_CONFIG_FILE relative to the bundle folder, over the bundled file', async () => {
    const env = { SKE_CONFIG_FILE: 'config/prod.yaml', LAMBDA_TASK_ROOT: '/var/task' };
    expect(await locateConfig(env, { readFile: fakeFiles(FILES).readFile, cwd })).toEqual({
      source: '/var/task/config/prod.yaml',
      yamlText: 'topic: named\n',
      baseDir: '/var/task/config',
    });
  });

  it('reads an absolute SKE_CONFIG_FILE as it is', async () => {
    const location = await locateConfig(
      { SKE_CONFIG_FILE: '/etc/ske/exporter.yaml' },
      { readFile: fakeFiles(FILES).readFile, cwd },
    );
    expect(location).toMatchObject({ yamlText: 'topic: absolute\n', baseDir: '/etc/ske' });
  });

  it('fails on a missing SKE_CONFIG_FILE instead of falling back to the bundled file', async () => {
    const env = { SKE_CONFIG_FILE: 'missing.yaml', LAMBDA_TASK_ROOT: '/var/task' };
    expect(await messageOf(locateConfig(env, { readFile: fakeFiles(FILES).readFile, cwd }))).toBe(
      'SKE_CONFIG_FILE: file not found: /var/task/missing.yaml',
    );
  });

  it('falls back to exporter.yaml in LAMBDA_TASK_ROOT', async () => {
    const location = await locateConfig(
      { LAMBDA_TASK_ROOT: '/var/task' },
      { readFile: fakeFiles(FILES).readFile, cwd },
    );
    expect(location).toEqual({
      source: '/var/task/exporter.yaml',
      yamlText: 'topic: bundled\n',
      baseDir: '/var/task',
    });
  });

  it('uses the current directory outside Lambda, and treats empty variables as unset', async () => {
    const env = { SKE_CONFIG: '', SKE_CONFIG_FILE: ' ' };
    const location = await locateConfig(env, { readFile: fakeFiles(FILES).readFile, cwd });
    expect(location).toMatchObject({ source: '/home/dev/exporter.yaml', yamlText: 'topic: cwd\n' });
  });

  it('names all three places when there is no config', async () => {
    expect(
      await messageOf(
        locateConfig({ LAMBDA_TASK_ROOT: '/opt/app' }, { readFile: fakeFiles(FILES).readFile, cwd }),
      ),
    ).toBe(
      'config: no exporter config found: set SKE_CONFIG to the YAML, set SKE_CONFIG_FILE to its path, or bundle exporter.yaml at /opt/app/exporter.yaml',
    );
  });
});
