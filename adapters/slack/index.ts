export {
  createSlackChannel,
  type SlackChannel,
} from './channel.js';
