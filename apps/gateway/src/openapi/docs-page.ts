import { createHash } from 'node:crypto';

/** Renders the OpenAPI document it fetches; every value goes in as text, never as HTML. */
const SCRIPT = `
const root = document.getElementById('api');
const el = (tag, text, className) => { const node = document.createElement(tag); if (text !== undefined) node.textContent = text; if (className) node.className = className; return node; };
const pretty = (value) => JSON.stringify(value, null, 2);
fetch('openapi.json').then((response) => response.json()).then((doc) => {
  document.title = doc.info.title;
  root.append(el('h1', doc.info.title + ' (OpenAPI ' + doc.openapi + ')'), el('p', doc.info.description));
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const tag = (operation.tags || ['other'])[0];
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, operation });
    }
  }
  for (const tag of [...byTag.keys()].sort()) {
    const section = el('section');
    section.append(el('h2', tag));
    for (const { path, method, operation } of byTag.get(tag)) {
      const details = el('details');
      const summary = el('summary');
      summary.append(el('span', method.toUpperCase(), 'method ' + method), el('code', path), el('span', ' ' + operation.summary));
      details.append(summary);
      if (operation.description) details.append(el('p', operation.description));
      const roles = operation['x-parley-roles'];
      if (roles) details.append(el('p', 'Roles: ' + (Array.isArray(roles) ? roles.join(', ') : roles)));
      if (operation.security && operation.security.length) details.append(el('p', 'Security: ' + operation.security.map((entry) => Object.keys(entry).join(' + ')).join(' or ')));
      if (operation.parameters) {
        details.append(el('h4', 'Parameters'));
        const list = el('ul');
        for (const parameter of operation.parameters) list.append(el('li', parameter.name + ' (' + parameter.in + (parameter.required ? ', required' : '') + ')' + (parameter.description ? ': ' + parameter.description : '')));
        details.append(list);
      }
      const body = operation.requestBody && operation.requestBody.content['application/json'];
      if (body) { details.append(el('h4', 'Body'), el('pre', pretty(body.schema))); if (body.example !== undefined) details.append(el('h4', 'Example'), el('pre', pretty(body.example))); }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status === 'default') continue;
        details.append(el('h4', 'Answer ' + status));
        const content = response.content && Object.values(response.content)[0];
        if (content) details.append(el('pre', pretty(content.schema)));
      }
      section.append(details);
    }
    root.append(section);
  }
}, (error) => { root.append(el('p', 'The document could not be loaded: ' + error)); });
`;

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1d232a; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; margin-top: 2rem; }
details { border: 1px solid #d0d7de; border-radius: 6px; margin: .4rem 0; padding: .4rem .8rem; }
summary { cursor: pointer; }
summary code { margin: 0 .5rem; }
.method { display: inline-block; min-width: 4.5rem; font-weight: 600; }
.get { color: #0a6640; } .post { color: #0550ae; } .put { color: #8a4600; } .patch { color: #6639ba; } .delete { color: #a40e26; }
pre { background: #f6f8fa; padding: .6rem; overflow: auto; font-size: 13px; }
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/** The readable API page: self-contained (no CDN, works offline), its own script and style pinned by hash. */
export const DOCS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Parley gateway API</title><style>${STYLE}</style></head>
<body><main id="api"><noscript>This page renders /docs/openapi.json and needs JavaScript; the JSON document itself is at /docs/openapi.json.</noscript></main><script>${SCRIPT}</script></body>
</html>`;

export const DOCS_PAGE_CSP = `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
