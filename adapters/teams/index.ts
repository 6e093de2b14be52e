export {
  createTeamsChannel,
  type TeamsChannel,
  type TeamsChannelOptions,
} from './channel.js';
