// The local chat page: sends messages, decisions and "Check again" as JSON, and polls the thread to show the bot's messages.
// Message HTML comes from the server, which escapes every value with its one escaping helper.
(() => {
  const root = document.getElementById('chat');
  if (!root) return;
  const thread = root.dataset.thread;
  let version = -1;
  const list = document.getElementById('messages');
  const userInput = document.getElementById('user');
  const composer = document.getElementById('composer');
  const text = document.getElementById('text');
  const status = document.getElementById('chat-status');
  const NAME = /^[A-Za-z0-9._@-]{1,64}$/;
  const STORE_KEY = 'dea.chat.user';

  const say = (message) => {
    status.textContent = message;
  };

  // The thread stays in the address so a reload (or a shared link) opens the same conversation.
  const url = new URL(location.href);
  if (url.searchParams.get('thread') !== thread) {
    url.searchParams.set('thread', thread);
    history.replaceState(null, '', url);
  }
  try {
    if (userInput.value) localStorage.setItem(STORE_KEY, userInput.value);
    else userInput.value = localStorage.getItem(STORE_KEY) ?? '';
  } catch {
    // Storage can be disabled; the name is then typed per visit.
  }

  function currentName() {
    const name = userInput.value.trim();
    return NAME.test(name) ? name : null;
  }

  function requireName() {
    const name = currentName();
    if (name) return name;
    say('Type your name first (letters, digits, dot, dash, underscore or @).');
    userInput.setAttribute('aria-invalid', 'true');
    userInput.focus();
    return null;
  }

  userInput.addEventListener('change', () => {
    const name = currentName();
    if (name) {
      userInput.removeAttribute('aria-invalid');
      try {
        localStorage.setItem(STORE_KEY, name);
      } catch {}
    }
    version = -1;
    poll();
  });

  function apply(messages) {
    const existing = new Map([...list.children].map((li) => [li.dataset.id, li]));
    const keep = new Set(messages.map((m) => m.id));
    for (const [id, li] of existing) if (!keep.has(id)) li.remove();
    let previous = null;
    for (const m of messages) {
      const current = existing.get(m.id);
      if (current && current.dataset.rev === String(m.rev)) {
        previous = current;
        continue;
      }
      const template = document.createElement('template');
      template.innerHTML = m.html;
      const fresh = template.content.firstElementChild;
      if (!fresh) continue;
      if (current) current.replaceWith(fresh);
      else if (previous) previous.after(fresh);
      else list.prepend(fresh);
      previous = fresh;
    }
  }

  let polling = false;
  async function poll() {
    if (polling) return;
    polling = true;
    try {
      const name = currentName();
      const query = name ? `?user=${encodeURIComponent(name)}` : '';
      const res = await fetch(`/api/chat/threads/${encodeURIComponent(thread)}${query}`, {
        cache: 'no-store',
      });
      if (!res.ok) return;
      const data = await res.json();
      if (data.version === version) return;
      version = data.version;
      apply(data.messages);
    } catch {
      say('The server did not answer; retrying.');
    } finally {
      polling = false;
    }
  }

  async function postJson(path, body) {
    const res = await fetch(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-csrf-token': root.dataset.csrf ?? '',
      },
      body: JSON.stringify(body),
    });
    let data = {};
    try {
      data = await res.json();
    } catch {}
    return { ok: res.ok, status: res.status, data };
  }

  composer.addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = requireName();
    if (!user) return;
    const message = text.value.trim();
    if (!message) {
      say('Type a message first.');
      text.focus();
      return;
    }
    const button = composer.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const res = await postJson('/api/chat/messages', { thread, user, text: message });
      if (res.ok) {
        text.value = '';
        say('Sent; the bot is working on it.');
        poll();
      } else say(res.data.message ?? `Not sent (HTTP ${res.status}).`);
    } catch {
      say('Not sent: the server did not answer.');
    } finally {
      button.disabled = false;
      text.focus();
    }
  });

  // Enter sends, Shift+Enter starts a new line.
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });

  // "Check again" on a verification card: the new checks arrive in the thread as a new message.
  async function recheck(button) {
    const user = requireName();
    if (!user) return;
    button.disabled = true;
    say('Checking again…');
    try {
      const res = await postJson('/api/chat/rechecks', { thread, user, pipelineId: button.dataset.recheck });
      if (res.ok)
        say(
          res.data.verification?.ok
            ? 'Checked again: all checks passed.'
            : 'Checked again: something needs attention.',
        );
      else say(res.data.reason ?? res.data.message ?? `Not checked (HTTP ${res.status}).`);
    } catch {
      say('Not checked: the server did not answer.');
    } finally {
      button.disabled = false;
    }
    poll();
  }

  list.addEventListener('click', async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const again = target?.closest('button[data-recheck]');
    if (again) {
      await recheck(again);
      return;
    }
    const button = target ? target.closest('button[data-verb]') : null;
    if (!button) return;
    const user = requireName();
    if (!user) return;
    const card = button.closest('.decide');
    const reason = card?.querySelector('input.reason')?.value.trim() ?? '';
    for (const b of card?.querySelectorAll('button') ?? []) b.disabled = true;
    const verb = button.dataset.verb;
    const body = { thread, user, pipelineId: button.dataset.pipeline, hash: button.dataset.hash, verb };
    if (verb === 'reject' && reason) body.reason = reason;
    try {
      const res = await postJson('/api/chat/decisions', body);
      if (res.ok) say(verb === 'approve' ? 'Approved; the statements are running.' : 'Rejected.');
      else {
        say(res.data.reason ?? res.data.message ?? `Refused (HTTP ${res.status}).`);
        for (const b of card?.querySelectorAll('button') ?? []) b.disabled = false;
      }
    } catch {
      say('The decision was not sent: the server did not answer.');
      for (const b of card?.querySelectorAll('button') ?? []) b.disabled = false;
    }
    poll();
  });

  poll();
  setInterval(() => {
    if (!document.hidden) poll();
  }, 1000);
})();
