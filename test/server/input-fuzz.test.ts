// Every procedure, fed arbitrary JSON, answers with a contract error and never INTERNAL: nothing
// a client sends reaches the server's logic unvalidated (docs/security.md R45, R48, R49). The inputs
// come from a seeded generator, so a failure names an input that reproduces it.
import { describe, expect, it } from 'vitest';
import type { AnyProcedure } from '@trpc/server';
import { registerUser, startServer } from '../helpers/server.ts';

/** mulberry32: a small seeded generator, so every run tries the same inputs. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = [
  '',
  ' ',
  "' OR 1=1--",
  '"; DROP TABLE users;--',
  'a'.repeat(5000),
  'ada@example.com',
  'ADA@EXAMPLE.COM',
  '\u0000\u202e\ud800',
  '123456',
  '😀'.repeat(40),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'eyJhbGciOiJub25lIn0.e30.',
];
const KEYS = [
  'email',
  'password',
  'name',
  'code',
  'id',
  'device',
  'userId',
  'refreshToken',
  'role',
  'limit',
  '__proto__',
];

function value(random: () => number, depth: number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  switch (Math.floor(random() * (depth > 2 ? 6 : 8))) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, 1e-300]);
    case 3:
    case 4:
    case 5:
      return pick(NASTY_STRINGS);
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => value(random, depth + 1));
    default:
      return object(random, depth + 1);
  }
}

function object(random: () => number, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 5); i > 0; i--) {
    Object.defineProperty(result, KEYS[Math.floor(random() * KEYS.length)]!, {
      value: value(random, depth),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return result;
}

describe('arbitrary input', () => {
  it('never makes a procedure fail with INTERNAL, on any transport a client can reach', async () => {
    const { server } = startServer();
    const { tokens } = await registerUser(server);
    const procedures = server.router._def.procedures as unknown as Record<string, AnyProcedure>;
    const callers = [
      server.caller({ transport: 'http', ipAddress: '127.0.0.1' }),
      server.caller({ accessToken: tokens.accessToken }),
    ];
    const random = seeded(20261125);
    let calls = 0;
    for (const path of Object.keys(procedures)) {
      for (let round = 0; round < 12; round++) {
        const input = random() < 0.15 ? value(random, 0) : object(random, 0);
        for (const caller of callers) {
          const call = path
            .split('.')
            .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
            input: unknown,
          ) => Promise<unknown>;
          calls++;
          try {
            await call(input);
          } catch (error) {
            const code = (error as { errorCode?: string }).errorCode;
            expect(code, `${path}(${JSON.stringify(input)?.slice(0, 200)})`).toBeDefined();
            expect(code, `${path}(${JSON.stringify(input)?.slice(0, 200)})`).not.toBe('INTERNAL');
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(900);
    // Nothing the fuzzing sent was taken as an account change of the signed-in user.
    const me = await server
      .caller({ accessToken: tokens.accessToken })
      .account.me()
      .catch(() => undefined);
    if (me) expect(me.role).toBe('user');
  });
});
