/**
 * /docs: the OpenAPI document rendered to one self-contained HTML page on the server. No
 * script and no CDN, so it works on machines without internet access and under a strict CSP.
 */

type Json = Record<string, unknown>;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function schemaBlock(schema: unknown): string {
  const text = escape(JSON.stringify(schema, null, 2)).replace(
    /&#34;\$ref&#34;: &#34;#\/components\/schemas\/([A-Za-z0-9_]+)&#34;/g,
    (_m, name: string) => `&#34;$ref&#34;: <a href="#schema-${name}">${name}</a>`,
  );
  return `<pre>${text}</pre>`;
}

function operationHtml(method: string, path: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as Json | undefined)?.content as Json | undefined;
  const responses = (op.responses as Json | undefined) ?? {};
  const rows = params
    .map((p) => `<tr><td><code>${escape(String(p.name))}</code></td><td>${escape(String(p.in))}</td><td>${escape(String(p.description ?? (p.schema as Json | undefined)?.description ?? ''))}</td></tr>`)
    .join('');
  const responseRows = Object.entries(responses)
    .map(([status, r]) => {
      const content = (r as Json).content as Json | undefined;
      const types = content ? Object.keys(content).join(', ') : '';
      return `<tr><td>${escape(status)}</td><td>${escape(String((r as Json).description ?? ''))}</td><td><code>${escape(types)}</code></td></tr>`;
    })
    .join('');
  const bodySchema = body ? Object.values(body)[0] : undefined;
  return `<section class="op" id="${escape(String(op.operationId ?? `${method}-${path}`))}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(String(op.summary ?? ''))}</p>${op.description ? `<p class="d">${escape(String(op.description))}</p>` : ''}
${rows ? `<table><tr><th>Parameter</th><th>In</th><th>Description</th></tr>${rows}</table>` : ''}
${bodySchema ? `<h4>Request body</h4>${schemaBlock((bodySchema as Json).schema)}` : ''}
<table><tr><th>Status</th><th>Meaning</th><th>Content</th></tr>${responseRows}</table></section>`;
}

export function renderDocsPage(doc: Json): string {
  const info = doc.info as Json;
  const paths = (doc.paths as Record<string, Json>) ?? {};
  const ops = Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([m, op]) => operationHtml(m, path, op as Json)),
  );
  const schemas = ((doc.components as Json | undefined)?.schemas as Record<string, unknown>) ?? {};
  const schemaHtml = Object.entries(schemas)
    .map(([name, s]) => `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3>${schemaBlock(s)}</section>`)
    .join('');
  const webhooks = Object.entries((doc.webhooks as Record<string, Json>) ?? {})
    .map(([name, item]) => operationHtml('post', name, (item.post as Json) ?? {}))
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(String(info.title))} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#111}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f7;padding:.75rem;overflow:auto;border-radius:6px}
table{border-collapse:collapse;margin:.5rem 0;width:100%}td,th{border-bottom:1px solid #e4e4e7;padding:.3rem .5rem;text-align:left;vertical-align:top}
.op{border-top:1px solid #d4d4d8;padding-top:.5rem}.m{display:inline-block;min-width:4.2em;padding:0 .4em;border-radius:4px;color:#fff;font-size:13px;text-align:center}
.get{background:#2563eb}.post{background:#16a34a}.delete{background:#dc2626}.d{color:#52525b}
</style></head><body>
<h1>${escape(String(info.title))} <small>${escape(String(info.version))}</small></h1>
<p>${escape(String(info.description ?? ''))}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escape(String(doc.openapi))}). Errors are
<code>application/problem+json</code> (RFC 9457) with a stable <code>code</code>. Authenticate with <code>Authorization: Bearer fw_...</code>.</p>
<h2>Endpoints</h2>${ops.join('\n')}
${webhooks ? `<h2>Webhooks</h2>${webhooks}` : ''}
<h2>Schemas</h2>${schemaHtml}
</body></html>`;
}

export const STUDIO_PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framewright Studio</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:640px;margin:4rem auto;padding:0 1rem}</style></head><body>
<h1>Framewright Studio</h1><p>The Studio (template preview, props form, render button) is not part of this build yet.</p>
<p>Meanwhile: <a href="/docs">API reference</a> · <a href="/v1/templates">templates (JSON)</a></p></body></html>`;
