import type { Tags } from 'yaml';

/*
 * PyYAML's implicit resolvers (yaml/resolver.py), which decide what an
 * unquoted scalar means in the configs Mage reads. The `yaml` package's YAML
 * 1.1 schema differs in a few places, and a config must mean the same here
 * as in Mage:
 *
 *   scalar  PyYAML   yaml 1.1
 *   y, n    string   true, false
 *   08, 09  string   8, 9
 *   1e3     string   1000 (PyYAML's floats need a dot and a signed exponent)
 *   -.5, .  string   -0.5, NaN
 *   0:30    string   30 (sexagesimal ints start with 1-9)
 *
 * Timestamps (`2001-12-14`) are kept as the text written (see pyyamlScalars).
 */
const PYYAML_TESTS = new Map<string, RegExp>([
  ['bool:true', /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/],
  ['bool:false', /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/],
  ['int:', /^[-+]?(?:0|[1-9][0-9_]*)$/],
  ['int:TIME', /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/],
  ['float:EXP', /^[-+]?[0-9][0-9_]*\.[0-9_]*[eE][-+][0-9]+$/],
  ['float:', /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+(?:[eE][-+][0-9]+)?)$/],
  ['float:TIME', /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/],
]);

type ScalarTag = Tags[number] & { tag: string; format?: string; test?: RegExp; default?: unknown };

/** Which entry of PYYAML_TESTS replaces a tag's test, if any. */
function entryOf(tag: ScalarTag): string | undefined {
  const name = tag.tag.replace('tag:yaml.org,2002:', '');
  if (name === 'bool') return tag.test?.test('true') ? 'bool:true' : 'bool:false';
  if (name === 'int' || name === 'float') {
    const key = `${name}:${tag.format ?? ''}`;
    // The plain float without a format is the one for `1.5` (the other one is .inf/.nan, kept as it is).
    if (key === 'float:' && !tag.test?.test('1.5')) return undefined;
    return PYYAML_TESTS.has(key) ? key : undefined;
  }
  return undefined;
}

/**
 * `customTags` for `parseDocument(text, { version: '1.1', customTags })`: the
 * YAML 1.1 tags with PyYAML's patterns for booleans, ints and floats (copies;
 * the package's own tag objects are left as they are).
 */
export function pyyamlScalars(tags: Tags): Tags {
  return tags.map((tag) => {
    const scalar = tag as ScalarTag;
    // A timestamp (`2001-12-14`) stays the text written: PyYAML makes it a date, which no JSON message
    // can carry (Mage's encoder refuses it), and a JS Date would reach Kafka as `{}` or another spelling.
    if (scalar.tag === 'tag:yaml.org,2002:timestamp')
      return Object.assign({}, scalar, { resolve: (text: string) => text }) as Tags[number];
    const key = scalar.default === true && scalar.test ? entryOf(scalar) : undefined;
    return key === undefined
      ? tag
      : (Object.assign({}, scalar, { test: PYYAML_TESTS.get(key)! }) as Tags[number]);
  });
}
