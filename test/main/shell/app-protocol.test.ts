// The app:// protocol (docs/security.md R51, R55): only files of the renderer build, never anything
// outside it in any spelling, and every response carries the CSP.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler, resolveAppPath } from '../../../main/shell/app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../../main/shell/content-security.ts';
import { tempDir } from '../../helpers/server.ts';

function site() {
  const dir = tempDir();
  const root = join(dir, 'renderer', 'dist');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Latchkey</title>');
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(dir, 'package.json'), '{"secret": true}');
  writeFileSync(join(dir, 'renderer', 'secret.txt'), 'outside the build');
  symlinkSync(join(dir, 'package.json'), join(root, 'link.json'));
  return { root, serve: appProtocolHandler(root) };
}

const get = (serve: (r: Request) => Promise<Response>, url: string, method = 'GET') =>
  serve(new Request(url, { method }));

describe('app:// protocol', () => {
  it('serves the build with the CSP and a content type', async () => {
    const { serve } = site();
    const index = await get(serve, 'app://latchkey/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>Latchkey</title>');
    const script = await get(serve, 'app://latchkey/assets/index.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('has a CSP as strict as R51', () => {
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "object-src 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*/);
  });

  it.each([
    'app://latchkey/../../package.json',
    'app://latchkey/%2e%2e/%2e%2e/package.json',
    'app://latchkey/..%2f..%2fpackage.json',
    'app://latchkey/..%5c..%5cpackage.json',
    'app://latchkey/%2E%2E/secret.txt',
    'app://latchkey/assets/..%2F..%2F..%2Fpackage.json',
    'app://latchkey/link.json',
    'app://latchkey/%00index.html',
    'app://latchkey/C:%5cWindows%5cwin.ini',
    // Double encoding: decoded once, '%2e%2e%2f' is a plain (missing) file name, never a step up.
    'app://latchkey/%252e%252e%252f%252e%252e%252fpackage.json',
    'app://latchkey/..%252f..%252fpackage.json',
    'app://latchkey/..%255c..%255cpackage.json',
    'app://latchkey/%252e%252e/%252e%252e/package.json',
    // Overlong UTF-8 for '.', and a half-encoded dot segment.
    'app://latchkey/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json',
    'app://latchkey/.%2e/.%2e/package.json',
    'app://latchkey/missing.js',
    'app://latchkey/assets',
    'app://other/index.html',
  ])('answers 404 for %s', async (url) => {
    const { serve } = site();
    const response = await get(serve, url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/secret|outside/);
  });

  it('keeps dot segments inside the root', () => {
    const { root } = site();
    expect(resolveAppPath(root, 'app://latchkey/assets/../index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://latchkey/../../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppPath(root, 'app://user:pw@latchkey/index.html')).toBeUndefined();
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeUndefined();
    // Decoded exactly once: a double-encoded '../' names one file inside the root.
    expect(resolveAppPath(root, 'app://latchkey/%252e%252e%252fpackage.json')).toBe(
      join(root, '%2e%2e%2fpackage.json'),
    );
    expect(resolveAppPath(root, 'app://latchkey/..%2fpackage.json')).toBeUndefined();
    expect(resolveAppPath(root, 'app://latchkey/..%5cpackage.json')).toBeUndefined();
    expect(resolveAppPath(root, 'app://latchkey/%c0%ae%c0%ae/package.json')).toBeUndefined();
  });

  it('refuses methods other than GET and HEAD', async () => {
    const { serve } = site();
    expect((await get(serve, 'app://latchkey/index.html', 'POST')).status).toBe(405);
    const head = await get(serve, 'app://latchkey/index.html', 'HEAD');
    expect(head.status).toBe(200);
  });

  it('is registered as a standard, secure scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false, corsEnabled: false },
    });
  });
});
