import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../infra/stack/layout.ts';

/** The NODE_OPTIONS serverless.yml gives every function, so local measurements run the same V8 settings. */
export function functionNodeOptions(): string[] {
  const yaml = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
  const match = /^\s+NODE_OPTIONS:\s*(.+)$/m.exec(yaml);
  return match ? match[1]!.trim().split(/\s+/) : [];
}
