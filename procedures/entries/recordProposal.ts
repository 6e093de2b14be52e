/** Bundle entry of RECORD_PROPOSAL. */
import type { SnowflakeApi } from '../runtime/snowflakeApi.js';
import { type ProposalArgs, recordProposal } from '../tracker/proposal.js';
import type { TrackerResult } from '../tracker/result.js';

export function main(args: ProposalArgs, snowflake: SnowflakeApi): TrackerResult {
  return recordProposal(args, snowflake);
}
