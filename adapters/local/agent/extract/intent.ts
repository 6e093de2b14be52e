/** Conversation-level intents: starting over, greetings and requests for help. */

export type Intent = 'reset' | 'greeting' | 'help' | 'thanks' | 'start';

const RESET =
  /\b(?:cancel|start\s+(?:over|again|afresh)|from\s+scratch|reset|forget\s+(?:it|everything|all\s+that)|never\s*mind)\b/i;
const GREETING =
  /^\s*(?:hi|hello|hey|hiya|howdy|good\s+(?:morning|afternoon|evening)|greetings)\b[\s!.,]*(?:there|bot|team)?[\s!.,]*$/i;
const HELP =
  /\b(?:help|what\s+(?:can|do)\s+you\s+(?:do|need)|how\s+does\s+(?:this|it)\s+work|what\s+should\s+i\s+(?:say|tell\s+you)|usage)\b/i;
const THANKS = /^\s*(?:thanks?|thank\s+you|thx|ty|cheers|great|perfect|awesome)\b[\s!.,]*$/i;

/** A request to ingest files with no fact in it yet ("I want to load some files"): answered with the first question. */
const START =
  /\b(?:load(?:ing)?|ingest(?:ing|ion)?|import(?:ing)?|bring\s+in|pull\s+in|pipelines?|external\s+tables?|stages?|files|data\s*lake|lakehouse|bucket|container)\b/i;

export function extractIntent(text: string): Intent | undefined {
  if (RESET.test(text)) return 'reset';
  if (GREETING.test(text)) return 'greeting';
  if (THANKS.test(text)) return 'thanks';
  if (HELP.test(text)) return 'help';
  if (START.test(text)) return 'start';
  return undefined;
}
