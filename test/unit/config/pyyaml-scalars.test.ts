import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../lib/config/yaml.ts';

/** What PyYAML 6 (`yaml.safe_load`, as Mage reads its configs) makes of each plain scalar. */
const PYYAML: Array<[string, unknown]> = [
  ['1e3', '1e3'],
  ['1e-3', '1e-3'],
  ['0.1e3', '0.1e3'],
  ['1.0e+3', 1000],
  ['08', '08'],
  ['09.5', 9.5],
  ['07', 7],
  ['010', 8],
  ['0_7', 7],
  ['0o7', '0o7'],
  ['0x1F', 31],
  ['0b101', 5],
  ['1_000', 1000],
  ['1:30', 90],
  ['0:30', '0:30'],
  ['y', 'y'],
  ['n', 'n'],
  ['Y', 'Y'],
  ['yes', true],
  ['No', false],
  ['on', true],
  ['OFF', false],
  ['tRue', 'tRue'],
  ['.5', 0.5],
  ['-.5', '-.5'],
  ['.', '.'],
  ['1.', 1],
  ['+1', 1],
  ['NaN', 'NaN'],
];

describe('YAML scalars read as PyYAML reads them', () => {
  it.each(PYYAML)('%s', (scalar, expected) => {
    const parsed = parseYaml(`value: ${scalar}\n`);
    expect(parsed).toEqual({ ok: true, doc: { value: expected } });
  });

  it('keeps quoted scalars strings, and null-like plain ones unset', () => {
    expect(parseYaml('a: "1e3"\nb: ~\nc: 2\n')).toEqual({ ok: true, doc: { a: '1e3', c: 2 } });
  });
});

describe('YAML timestamps', () => {
  it.each(['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5'])(
    '%s stays the text written (a Date would reach Kafka changed)',
    (scalar) => {
      expect(parseYaml(`value: ${scalar}\n`)).toEqual({ ok: true, doc: { value: scalar } });
    },
  );
});
