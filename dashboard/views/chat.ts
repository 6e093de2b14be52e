/** `/chat`: the local chat page. The first render carries the thread so far; /static/chat.js keeps it current. */
import type { ChatMessage } from '../chatStore.js';
import { timeTag } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { renderMessage } from './message.js';

export function chatMessageItem(m: ChatMessage): SafeHtml {
  const bot = m.author === 'bot';
  return html`<li class="message ${bot ? 'from-bot' : 'from-user'}${m.to ? ' private' : ''}" data-id="${m.id}" data-rev="${m.rev}">
  <p class="meta"><span class="author">${bot ? 'Bot' : m.author}</span>${m.to ? html` <span class="muted">(only you see this)</span>` : ''} ${timeTag(m.at)}</p>
  ${renderMessage(m.message)}
</li>`;
}

export function chatBody(opts: {
  thread: string;
  user: string;
  messages: ChatMessage[];
  version: number;
  /** CSRF token the page's script sends with every POST. */
  csrf: string;
}): SafeHtml {
  return html`<h1>Chat</h1>
<p class="lead">Describe your files (location, format, columns, credentials); the bot proposes the DDL, and an approver runs it with the buttons on the plan.
Example: <q>I have CSV files in s3://my-bucket/orders/ with columns id, name, date, role arn:aws:iam::123456789012:role/snowflake-access</q>.</p>
<div id="chat" data-thread="${opts.thread}" data-version="${opts.version}" data-csrf="${opts.csrf}">
  <div class="field identity">
    <label for="user">Your name</label>
    <input id="user" name="user" type="text" required maxlength="64" pattern="[A-Za-z0-9._@-]{1,64}" autocomplete="username"
      value="${opts.user}" aria-describedby="user-hint">
    <p class="hint" id="user-hint">Letters, digits, dot, dash, underscore or @. You act as <code>local:&lt;name&gt;</code> (the form used in DEA_APPROVERS).</p>
  </div>
  <p class="thread-line">Conversation <code id="thread-id">${opts.thread}</code>
    <a class="button secondary" href="/chat">New conversation</a></p>
  <h2 class="visually-hidden" id="messages-heading">Messages</h2>
  <ol id="messages" class="messages" role="log" aria-live="polite" aria-labelledby="messages-heading">
    ${opts.messages.map(chatMessageItem)}
  </ol>
  <form id="composer" class="composer" method="post" action="/api/chat/messages">
    <label for="text">Message</label>
    <textarea id="text" name="text" rows="3" required maxlength="4000"></textarea>
    <div class="actions"><button type="submit">Send</button></div>
  </form>
  <p id="chat-status" class="live-status" role="status" aria-live="polite"></p>
</div>`;
}
