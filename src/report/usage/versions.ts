import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PARSER_VERSION } from '../../capture/wire/index.js';
import { COMPILE_VERSION } from '../../compile/version.js';
import type { SummaryVersions } from '../../store/summaries-repo.js';
import { shortHash } from '../../util/hash.js';

function bundledPricesVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@pydantic/genai-prices');
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/**
 * What cached summaries and facts depend on: the compile and parser versions, and the price table (the bundled
 * data's version and the user's price file, found as loadPriceTable finds it: `--prices FILE`, else
 * `<project>/.clawtrace/prices.yaml`). Computed without loading the price data.
 */
export function summaryVersions(pricesFile: string | undefined, projectDir: string | null): SummaryVersions {
  const file = pricesFile ?? (projectDir ? path.join(projectDir, 'prices.yaml') : null);
  const user = file && fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
  return {
    compileVersion: COMPILE_VERSION,
    parserVersion: PARSER_VERSION,
    priceKey: shortHash(Buffer.concat([Buffer.from(`${bundledPricesVersion()}\u0000`), user])),
  };
}
