// The screens ship inside the package: createHttpServer serves them at / by default, found by
// walking up from the module to latchkey's own package.json (wherever a bundler put the module),
// serves a folder of the host's instead, or none with `screens: false`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot, screensDir } from '../../main/http/screens-dir.ts';
import { createHttpServer } from '../../main/http/server.ts';
import { PAGE_CSP } from '../../main/http/static-files.ts';
import { client } from '../helpers/http.ts';
import { startServer, tempDir } from '../helpers/server.ts';

const repo = join(import.meta.dirname, '..', '..');

function fakeInstall(): { root: string; chunk: string } {
  const modules = tempDir();
  writeFileSync(join(modules, 'package.json'), JSON.stringify({ name: 'host-app' }));
  const root = join(modules, 'node_modules', 'latchkey');
  mkdirSync(join(root, 'dist', 'cli', 'chunks'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'latchkey', version: '0.2.0' }));
  return { root, chunk: join(root, 'dist', 'cli', 'chunks', 'serve-ABC123.mjs') };
}

describe('screensDir', () => {
  it('finds renderer/dist in the latchkey package above any module, once it is built', () => {
    const { root, chunk } = fakeInstall();
    expect(packageRoot(chunk)).toBe(root);
    expect(packageRoot(join(root, 'dist', 'http.js'))).toBe(root);
    expect(screensDir(chunk)).toBeUndefined();
    mkdirSync(join(root, 'renderer', 'dist'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'dist', 'index.html'), '<!doctype html>');
    expect(screensDir(chunk)).toBe(join(root, 'renderer', 'dist'));
  });

  it('answers undefined when no latchkey package holds the module (bundled into another app)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'host-app' }));
    expect(packageRoot(join(dir, 'main.js'))).toBeUndefined();
    expect(screensDir(join(dir, 'main.js'))).toBeUndefined();
  });

  it('in this checkout is the repository root', () => {
    expect(packageRoot()).toBe(repo);
  });
});

describe('createHttpServer screens', () => {
  it('serves the packaged screens at / by default and none with screens: false', async () => {
    // The test run builds the screens first (test/e2e/build-screens.ts).
    expect(screensDir()).toBe(join(repo, 'renderer', 'dist'));
    const { server } = startServer();
    const served = createHttpServer(server, { port: 0 });
    const bare = createHttpServer(server, { port: 0, screens: false });
    try {
      const page = await fetch(`${(await served.listen()).url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
      expect(await page.text()).toContain('<latchkey-');
      const { url } = await bare.listen();
      const none = await client(url).get('/');
      expect(none.status).toBe(404);
      expect(none.body).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
      expect((await client(url).get('/healthz')).status).toBe(200);
    } finally {
      await served.close();
      await bare.close();
    }
  });
});
