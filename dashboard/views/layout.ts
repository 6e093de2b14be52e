/** The page shell: language, title, skip link, navigation, one stylesheet, scripts from /static only. */
import { html, type SafeHtml } from '../html.js';

export type Section = 'pipelines' | 'chat' | 'setup';

export interface PageOptions {
  title: string;
  section: Section;
  webChat: boolean;
  body: SafeHtml;
  /** File names under /static/. */
  scripts?: string[];
  /** Refresh interval of the live regions (`[data-live]`) of the page; none when absent. */
  refreshMs?: number;
}

export function page(opts: PageOptions): SafeHtml {
  const link = (section: Section, href: string, text: string) =>
    html`<li><a href="${href}"${opts.section === section ? html` aria-current="page"` : ''}>${text}</a></li>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} · data-engineer-agent</title>
<link rel="stylesheet" href="/static/app.css">
${(opts.scripts ?? []).map((s) => html`<script src="/static/${s}" defer></script>\n`)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <p class="brand">data-engineer-agent</p>
  <nav aria-label="Main">
    <ul>
      ${link('pipelines', '/', 'Pipelines')}
      ${opts.webChat ? [link('chat', '/chat', 'Chat'), link('setup', '/setup', 'Quick Setup')] : ''}
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1"${opts.refreshMs ? html` data-refresh-ms="${opts.refreshMs}"` : ''}>
${opts.body}
</main>
</body>
</html>
`;
}

export function errorPage(opts: {
  title: string;
  message: string;
  details?: string[];
  webChat: boolean;
}): SafeHtml {
  return page({
    title: opts.title,
    section: 'pipelines',
    webChat: opts.webChat,
    body: html`<h1>${opts.title}</h1>
<p role="alert">${opts.message}</p>
${opts.details?.length ? html`<ul class="problems">${opts.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
<p><a href="/">Back to the pipelines</a></p>`,
  });
}
