// A static file server for the demo (and the bench and dist smoke test): serves the package root on localhost
// with a strict Content-Security-Policy (no 'unsafe-eval'; wasm needs only 'wasm-unsafe-eval'), as a blog would.
// Usage: node tools/serve.mjs [port]   → http://localhost:8080/demo/
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.wasm': 'application/wasm', '.png': 'image/png', '.bin': 'application/octet-stream', '.css': 'text/css', '.map': 'application/json',
  '.md': 'text/markdown; charset=utf-8', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self' blob: data:; worker-src 'self' blob:";

/**
 * Cross-origin isolation: with these two headers on the page (and every resource it loads from this origin), the
 * browser allows SharedArrayBuffer, and tfjs-backend-wasm runs its threaded build, one thread per core.
 */
export const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/**
 * Serves `root` (default: the package root) on localhost; `csp: false` drops the CSP header (Storybook needs eval),
 * `isolated: false` the cross-origin isolation headers.
 */
export function serve(port = 8080, host = '127.0.0.1', { root = ROOT, csp = CSP, isolated = true } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end(); // the browser asks on its own
      return;
    }
    let file = normalize(join(root, path));
    if (!file.startsWith(root.replace(/[\\/]$/, '') + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`${path} not found`);
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    if (csp) headers['content-security-policy'] = csp;
    if (isolated) Object.assign(headers, ISOLATION);
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  await serve(port);
  console.log(`generative-elements demo: http://localhost:${port}/demo/  (Ctrl+C to stop)`);
}
