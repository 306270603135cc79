import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from '../stack/layout.ts';

/** The package.json fields that name what a package needs at run time. */
function dependenciesOf(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
}

/**
 * The AWS SDK packages our dependencies name (the function bundles leave them
 * out) and everything they need, as installed in this checkout's node_modules.
 */
export function sdkPackages(root = ROOT): string[] {
  const modules = join(root, 'node_modules');
  const seen = new Set<string>();
  const queue = dependenciesOf(root).filter((name) => name.startsWith('@aws-sdk/'));
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    // Hoisted packages only: a package's own nested node_modules travel inside its folder.
    if (!existsSync(join(modules, name, 'package.json'))) continue;
    seen.add(name);
    queue.push(...dependenciesOf(join(modules, name)));
  }
  return [...seen].sort();
}

/**
 * Makes `<dir>/node_modules` hold the AWS SDK and nothing else (links into
 * this checkout's node_modules), as the nodejs22.x runtime provides the SDK
 * outside the function's zip. A task folder below `dir` then resolves the SDK,
 * but a bundle that forgot any other dependency fails as it would on Lambda.
 */
export function linkRuntimeSdk(dir: string, root = ROOT): number {
  const packages = sdkPackages(root);
  for (const name of packages) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    if (!existsSync(link)) symlinkSync(join(root, 'node_modules', name), link, 'dir');
  }
  return packages.length;
}
