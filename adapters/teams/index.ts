export { type AdaptiveCard, cardBytes } from './cards/elements.js';
export { renderActivity, renderCard } from './cards/message.js';
export { type PlanCardOptions, planCard, VERB_APPROVE, VERB_REFRESH, VERB_REJECT } from './cards/planCard.js';
export { resultCard } from './cards/result.js';
export { VERB_RECHECK, verificationCard } from './cards/verification.js';
export {
  createTeamsChannel,
  RELAYED_AUTH_HEADER,
  TEAMS_MESSAGES_PATH,
  type TeamsChannel,
  type TeamsChannelOptions,
  type TeamsSettings,
} from './channel.js';
