import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * clawtrace's own version, from its package.json (dist/src/util/ is three folders below it): never
 * `npm_package_version`, which is the version of whatever project an npm script runs in.
 */
export function clawtraceVersion(): string {
  const file = fileURLToPath(new URL('../../../package.json', import.meta.url));
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
