import { loadPriceTable } from '../compile/pricing/price-table.js';
import type { PriceTable } from '../compile/pricing/rates.js';
import { PriceFileError } from '../compile/pricing/user-prices.js';
import { projectDir } from '../store/location.js';
import { UsageError } from './errors.js';

export { PRICES_OPTION } from './options.js';

/** The price table for this project, with a bad price file reported as one usage error naming the line. */
export function priceTableFor(pricesFile: string | undefined): PriceTable {
  try {
    return loadPriceTable({ pricesFile, projectDir: projectDir(process.cwd()) });
  } catch (err) {
    if (err instanceof PriceFileError) throw new UsageError(err.message);
    throw err;
  }
}
