import { quoteIdentifier } from '../../procedures/sql/identifiers.js';

/** Fully qualified names of the bot's own tables in the configured database and schema. */
export interface BotTables {
  tracker: string;
  conversations: string;
  events: string;
}

export function botTables(database: string, schema: string): BotTables {
  const prefix = `${quoteIdentifier(database)}.${quoteIdentifier(schema)}`;
  return {
    tracker: `${prefix}.DATA_PIPELINE_TRACKER`,
    conversations: `${prefix}.DEA_CONVERSATIONS`,
    events: `${prefix}.DEA_PROCESSED_EVENTS`,
  };
}
