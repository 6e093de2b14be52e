/**
 * The warehouse contract through the real snowflake-sdk driver: SnowflakeWarehouse → HTTP → fake Snowflake →
 * a backing Warehouse. The backing store is the scripted stand-in until LocalWarehouse is wired in
 * (see tests/integration/snowflake/backing.ts).
 */
import { SnowflakeWarehouse } from '../../../adapters/snowflake/index.js';
import { describeWarehouseContract } from '../../contract/warehouseContract.js';
import { answerFromWarehouse, startFakeSnowflake } from '../../fakes/fake-snowflake.js';
import { openBackingWarehouse } from './backing.js';

describeWarehouseContract('SnowflakeWarehouse over snowflake-sdk and the fake', async () => {
  const database = 'LEILA_APP';
  const schema = 'PUBLIC';
  const backing = await openBackingWarehouse(database, schema);
  const fake = await startFakeSnowflake({
    pats: ['pat-contract'],
    answer: answerFromWarehouse(backing.warehouse),
  });
  const warehouse = new SnowflakeWarehouse({
    account: 'testacct',
    accessUrl: fake.accessUrl,
    user: 'SVC_DEA',
    database,
    schema,
    auth: { kind: 'pat', token: 'pat-contract' },
    queryTimeoutSeconds: 30,
  });
  return {
    warehouse,
    database,
    schema,
    dispose: async () => {
      await fake.close();
      await backing.dispose();
    },
  };
});
