// Browser mode: built screens at / with the strict page CSP (docs/security.md R51); nothing outside
// the folder is reachable, and the API keeps its routes and envelopes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../main/http/server.ts';
import { PAGE_CSP } from '../../main/http/static-files.ts';
import { startServer, tempDir } from '../helpers/server.ts';
import { client, rawRequest } from '../helpers/http.ts';

describe('static screens', () => {
  it('serves index.html at / with the page CSP, assets by type, and nothing outside the folder', async () => {
    const dir = tempDir();
    const root = join(dir, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    const { server } = startServer();
    const http = createHttpServer(server, { port: 0, screens: root });
    const { port, url } = await http.listen();
    try {
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      // The screens' own files hold nothing of anyone's: kept, but asked for again before each use.
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('/assets/app.js');
      const script = await fetch(`${url}/assets/app.js`);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.headers.get('cache-control')).toBe('no-cache');
      const host = `127.0.0.1:${port}`;
      for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/nothing.js']) {
        const reply = await rawRequest(port, { path, headers: { host } });
        expect(reply.status, path).toBe(404);
        expect(reply.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      }
      expect((await rawRequest(port, { path: '/', headers: { host: 'evil.test' } })).status).toBe(403);
      expect((await client(url).get('/healthz')).body.success).toBe(true);
    } finally {
      await http.close();
    }
  });
});
