/** A local-mode configuration on a DuckDB file in a temporary data dir, loopback and silent. */
import { loadConfig } from '../../../bot/config/load.js';

export function localConfig(dataDir: string) {
  return loadConfig({
    DEA_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
}

export const ORDERS_REQUEST =
  'I have CSV files with a header row in s3://acme-sample/orders/ with columns order_id, customer, amount, order_date. Role arn:aws:iam::123456789012:role/snowflake';
