// Type-checked in a fresh project that installed the packed tarball: every entry point resolves,
// with the names users are promised, under moduleResolution node16 and bundler alike.
import { appRouter, createAuthServer, ManualClock, OffsetClock, type AppRouter } from 'latchkey/server';
import type { ApiError, AuthServer, ErrorCode, ServerConfigInput } from 'latchkey/server';
import { createHttpServer, type HttpServer } from 'latchkey/http';
import { installLatchkey, type InstalledLatchkey } from 'latchkey/electron';
import { exposeLatchkey } from 'latchkey/preload';
import { bridgeTransport, configureLatchkey, httpTransport, type SignIn } from 'latchkey/elements';
import * as singleFile from 'latchkey/elements.js';
import * as client from 'latchkey/client';
import * as testing from 'latchkey/testing';

const config: ServerConfigInput = { database: ':memory:', tokens: { accessTtl: 300 } };
const auth: AuthServer = createAuthServer(config, { clock: new ManualClock() });
const offset = new OffsetClock();
const router: AppRouter = appRouter;
const http: HttpServer = createHttpServer(auth, { port: 0, screens: false });
const code: ErrorCode = 'RATE_LIMITED';
const error: ApiError = { code, message: 'slow down', retryAfter: 30 };

export async function electronMain(window: Parameters<InstalledLatchkey['attachWindow']>[0]): Promise<void> {
  const latchkey = await installLatchkey({ appOrigin: 'app://my-app', windows: [window] });
  const detach = latchkey.attachWindow(window);
  const token: string | undefined = await latchkey.auth.accessToken();
  detach();
  await latchkey.close();
  void token;
}

export function preload(): void {
  exposeLatchkey();
}

export function page(): void {
  configureLatchkey(httpTransport('https://auth.example'));
  const signIn: SignIn | null = document.querySelector('latchkey-sign-in');
  void [signIn, bridgeTransport, singleFile.configureLatchkey];
}

void [offset, router, http, error, client, testing];
