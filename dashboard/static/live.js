// Keeps the live regions ([data-live][id]) of a page current: every data-refresh-ms the same address (same
// filters, same page) is fetched again and each region is swapped for its fresh copy. The server escapes every
// value; nothing here builds markup from data.
(() => {
  const main = document.getElementById('main');
  const every = Number(main?.dataset.refreshMs);
  if (!main || !Number.isFinite(every) || every <= 0) return;
  const status = document.getElementById('live-status');
  let busy = false;

  async function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const res = await fetch(location.href, { headers: { accept: 'text/html' }, cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      for (const fresh of doc.querySelectorAll('[data-live][id]')) {
        const current = document.getElementById(fresh.id);
        // A region holding the keyboard focus (a pagination link, say) waits for the next round.
        if (current && !current.contains(document.activeElement))
          current.replaceWith(document.importNode(fresh, true));
      }
      if (status) status.textContent = '';
    } catch {
      if (status) status.textContent = 'Could not refresh the list; retrying.';
    } finally {
      busy = false;
    }
  }

  setInterval(refresh, every);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
})();
