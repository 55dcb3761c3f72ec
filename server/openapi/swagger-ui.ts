import { createRequire } from 'node:module';
import path from 'node:path';
import type { Response } from 'express';

/**
 * /docs: Swagger UI (swagger-ui-dist) over /openapi.json, so a caller can read the reference and
 * try each endpoint with their key. Every file comes from this server: no CDN, and the page
 * runs under the default Content-Security-Policy (scripts from 'self' only, no inline script).
 */
export const SWAGGER_UI_ASSETS = ['swagger-ui-bundle.js', 'swagger-ui.css', 'init.js'] as const;
export type SwaggerUiAsset = (typeof SWAGGER_UI_ASSETS)[number];

const distDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

// Ours, not the package's swagger-initializer.js, which points at the Petstore example.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  displayRequestDuration: true,
});
`;

export function swaggerUiPage(title: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title} — API reference</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body>
<noscript><p>This reference needs JavaScript. Without it: <a href="/docs/reference">/docs/reference</a> or <a href="/openapi.json">/openapi.json</a>.</p></noscript>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/assets/init.js"></script>
</body></html>`;
}

export async function sendSwaggerAsset(res: Response, file: SwaggerUiAsset): Promise<void> {
  res.setHeader('cache-control', 'public, max-age=3600');
  if (file === 'init.js') {
    res.type('text/javascript').send(INIT_SCRIPT);
    return;
  }
  await new Promise<void>((resolve, reject) => res.sendFile(path.join(distDir, file), (error) => (error ? reject(error) : resolve())));
}
