export { renderMessage, type SlackMessage } from './blocks/message.js';
export { CHECK_AGAIN_ACTION, renderVerification } from './blocks/verification.js';
export {
  createSlackChannel,
  SLACK_EVENTS_PATH,
  type SlackChannel,
  type SlackChannelOptions,
  type SlackSettings,
} from './channel.js';
