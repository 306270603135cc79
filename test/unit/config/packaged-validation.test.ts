import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../infra/stack/layout.ts';
import { loadConfig, validateConfig } from '../../../lib/config/index.ts';
import {
  packagedValidationPath,
  packageValidation,
  readPackagedValidation,
} from '../../../lib/config/packaged-validation.ts';
import { fakeFiles, fixture, noSecrets } from './fakes.ts';

const CONFIG = '/var/task/exporter.yaml';
const CONFIGS = {
  'the repository exporter.yaml': readFileSync(join(ROOT, 'exporter.yaml'), 'utf8'),
  'Mage basic': fixture('mage-basic.yaml'),
  'Mage SSL': fixture('mage-ssl.yaml'),
  'Mage SASL PLAIN': fixture('mage-sasl-plain.yaml'),
  'Mage OAUTHBEARER': fixture('mage-sasl-oauthbearer.yaml'),
  'a config with warnings': 'bootstrap_server: b:9092\ntopic: events\nssl_config:\n  cafile: ca.pem\n',
};

/** Packages `text` as `npm run package` does and reads it back as the function does. */
async function roundTrip(text: string, readText = text) {
  const json = packageValidation(text, validateConfig(text));
  expect(json).toBeDefined();
  const { readFile } = fakeFiles({ [packagedValidationPath(CONFIG)]: json! });
  return readPackagedValidation(CONFIG, readText, readFile);
}

describe('the packaged validation of exporter.yaml', () => {
  it.each(Object.entries(CONFIGS))(
    'of %s reads back exactly as validating the YAML gives it',
    async (_, text) => {
      const { config, warnings } = validateConfig(text);
      expect(await roundTrip(text)).toEqual({ config, warnings });
    },
  );

  it('keeps the warnings, so the function still logs them', async () => {
    expect((await roundTrip(CONFIGS['a config with warnings']))?.warnings).toHaveLength(1);
  });

  it('is not used for other text (exporter.yaml edited after packaging): the YAML is validated afresh', async () => {
    expect(
      await roundTrip(CONFIGS['Mage basic'], `${CONFIGS['Mage basic']}\nbatch_size: 5\n`),
    ).toBeUndefined();
  });

  it('is not made for an invalid config', () => {
    const text = 'topic: events\n';
    expect(packageValidation(text, validateConfig(text))).toBeUndefined();
  });

  it.each([
    ['.inf', '.inf'],
    ['.nan', '.nan'],
  ])('is not made when the document holds a value JSON cannot carry unchanged: %s', (_, value) => {
    const text = `bootstrap_server: b:9092\ntopic: events\nschedule:\n  input: ${value}\n`;
    const validated = validateConfig(text);
    expect(validated.config).toBeDefined();
    expect(packageValidation(text, validated)).toBeUndefined();
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{"format": 1, "yaml": '],
    ['of another format', JSON.stringify({ format: 2, yaml: 'topic: t\n', config: {}, warnings: [] })],
    ['without a mapping', JSON.stringify({ format: 1, yaml: 'topic: t\n', config: [], warnings: [] })],
  ])('is ignored when %s', async (_, content) => {
    const { readFile } = fakeFiles(
      content === undefined ? {} : { [packagedValidationPath(CONFIG)]: content },
    );
    expect(await readPackagedValidation(CONFIG, 'topic: t\n', readFile)).toBeUndefined();
  });
});

describe('loadConfig with a packaged validation', () => {
  const text = 'bootstrap_server: b:9092\ntopic: from-yaml\n';
  // A packaged validation that differs from its YAML shows which one was used (npm run package never makes one).
  const packaged = JSON.stringify({
    format: 1,
    yaml: text,
    config: { bootstrap_server: 'b:9092', topic: 'packaged' },
    warnings: [],
  });

  it('uses the validation packaged with the config file instead of parsing its YAML', async () => {
    const { readFile } = fakeFiles({ [CONFIG]: text, [packagedValidationPath(CONFIG)]: packaged });
    const config = await loadConfig({ env: { SKE_CONFIG_FILE: CONFIG }, getSecret: noSecrets, readFile });
    expect(config.topic).toBe('packaged');
  });

  it('still resolves and checks the packaged values at run time', async () => {
    const bad = JSON.stringify({
      format: 1,
      yaml: text,
      config: { bootstrap_server: "{{ env_var('B') }}", topic: 'packaged' },
      warnings: [],
    });
    const { readFile } = fakeFiles({ [CONFIG]: text, [packagedValidationPath(CONFIG)]: bad });
    await expect(
      loadConfig({
        env: { SKE_CONFIG_FILE: CONFIG, B: 'not a host and port' },
        getSecret: noSecrets,
        readFile,
      }),
    ).rejects.toThrow(/bootstrap_server/);
  });

  it('never uses one for SKE_CONFIG, whose YAML is validated as given', async () => {
    const { readFile, reads } = fakeFiles({ [packagedValidationPath('SKE_CONFIG')]: packaged });
    const config = await loadConfig({ env: { SKE_CONFIG: text }, getSecret: noSecrets, readFile });
    expect(config.topic).toBe('from-yaml');
    expect(reads).toEqual([]);
  });
});
