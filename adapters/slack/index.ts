export { renderMessage, type SlackMessage } from './blocks/message.js';
export {
  createSlackChannel,
  SLACK_EVENTS_PATH,
  type SlackChannel,
  type SlackChannelOptions,
  type SlackSettings,
} from './channel.js';
