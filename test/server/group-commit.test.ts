// Group commit (docs/architecture.md; docs/security.md R62, R64): no answer, success or failure, leaves a
// procedure before what it wrote is flushed to disk; concurrent commits share a flush; a failed
// flush fails closed. The flush is held by the test to watch answers wait for it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/server/clock.ts';
import { createAuthServer } from '../../main/server/server.ts';
import type { FlushFile } from '../../main/server/db/group-commit.ts';
import { FAST_PASSWORDS, PASSWORD, as, errorOf, registerUser, tempDir } from '../helpers/server.ts';

/** A flush the test releases by hand; it counts how often the server asked for one. */
function heldFlush() {
  const waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const state = { calls: 0, holding: true };
  const flushFile: FlushFile = (fd) => {
    expect(fd).toBeGreaterThan(2);
    state.calls++;
    if (!state.holding) return Promise.resolve();
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  return {
    flushFile,
    state,
    release() {
      state.holding = false;
      for (const flush of waiting.splice(0)) flush.resolve();
    },
    fail(error: Error) {
      for (const flush of waiting.splice(0)) flush.reject(error);
    },
    pending: () => waiting.length,
  };
}

function server(flushFile?: FlushFile, database = join(tempDir(), 'auth.db')) {
  const logs: string[] = [];
  const auth = createAuthServer(
    { database, password: FAST_PASSWORDS },
    {
      clock: new ManualClock(Date.UTC(2026, 0, 1, 12)),
      flushFile,
      logger: { log: (_l, message) => logs.push(message) },
    },
  );
  return { auth, logs };
}

/** Lets every ready promise continue, so a call that could answer would have answered. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function isPending(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await settle();
  await settle();
  return !done;
}

describe('group commit', () => {
  it('commits with synchronous=NORMAL on a file and flushes the WAL itself; :memory: stays FULL', async () => {
    const { auth } = server();
    expect(auth.services.commits.grouped).toBe(true);
    expect(auth.services.db.pragma('synchronous', { simple: true })).toBe(1);
    await auth.close();
    const memory = server(undefined, ':memory:').auth;
    expect(memory.services.commits.grouped).toBe(false);
    expect(memory.services.db.pragma('synchronous', { simple: true })).toBe(2);
    await memory.close();
  });

  it('holds a mutation until its commit is flushed', async () => {
    const flush = heldFlush();
    const { auth } = server(flush.flushFile);
    flush.release();
    const ada = await registerUser(auth);
    flush.state.holding = true;
    const calls = flush.state.calls;

    const renamed = as(auth, ada.tokens.accessToken).account.updateName({ name: 'Ada King' });
    await expect.poll(() => flush.pending()).toBe(1);
    expect(await isPending(renamed)).toBe(true);
    expect(flush.state.calls).toBe(calls + 1);
    flush.release();
    expect((await renamed).name).toBe('Ada King');
    await auth.close();
  });

  it('holds a failed sign-in until its lockout count is on disk', async () => {
    const flush = heldFlush();
    const { auth } = server(flush.flushFile);
    flush.release();
    await registerUser(auth);
    flush.state.holding = true;

    const failed = errorOf(auth.caller().auth.login({ email: 'ada@example.com', password: 'not the password' }));
    await expect.poll(() => flush.pending()).toBe(1);
    expect(await isPending(failed)).toBe(true);
    flush.release();
    expect((await failed).code).toBe('INVALID_CREDENTIALS');
    await auth.close();
  });

  it('holds a read that saw a change not yet on disk, and answers reads at once otherwise', async () => {
    const flush = heldFlush();
    const { auth } = server(flush.flushFile);
    flush.release();
    const ada = await registerUser(auth);
    const me = () => as(auth, ada.tokens.accessToken).account.me();
    const calls = flush.state.calls;
    await me();
    expect(flush.state.calls).toBe(calls);

    flush.state.holding = true;
    const rename = as(auth, ada.tokens.accessToken).account.updateName({ name: 'Ada King' });
    await expect.poll(() => flush.pending()).toBe(1);
    const read = me();
    expect(await isPending(read)).toBe(true);
    flush.release();
    expect((await read).name).toBe('Ada King');
    await rename;
    await auth.close();
  });

  it('lets concurrent commits share flushes', async () => {
    const flush = heldFlush();
    const { auth } = server(flush.flushFile);
    flush.release();
    const ada = await registerUser(auth);
    const calls = flush.state.calls;
    flush.state.holding = true;

    const renames = Array.from({ length: 16 }, (_, i) =>
      as(auth, ada.tokens.accessToken).account.updateName({ name: `Ada ${i}` }),
    );
    await expect.poll(() => flush.pending()).toBe(1);
    // The first flush started after the first commit; the other fifteen wait for one more.
    flush.state.holding = false;
    flush.release();
    await Promise.all(renames);
    expect(flush.state.calls - calls).toBe(2);
    await auth.close();
  });

  it('fails closed when a flush fails: INTERNAL now and for every later write, logged without detail', async () => {
    const flush = heldFlush();
    const { auth, logs } = server(flush.flushFile);
    flush.release();
    const ada = await registerUser(auth);
    flush.state.holding = true;

    const renamed = errorOf(as(auth, ada.tokens.accessToken).account.updateName({ name: 'Ada King' }));
    await expect.poll(() => flush.pending()).toBe(1);
    flush.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    expect((await renamed).code).toBe('INTERNAL');
    flush.state.holding = false;
    const login = await errorOf(auth.caller().auth.login({ email: 'ada@example.com', password: PASSWORD }));
    expect(login.code).toBe('INTERNAL');
    expect(logs.filter((message) => message === 'database flush failed').length).toBe(2);
    await auth.close();
  });

  it('flushes with fdatasync by default, and what it acknowledged is there after a restart', async () => {
    const database = join(tempDir(), 'auth.db');
    const first = server(undefined, database).auth;
    const ada = await registerUser(first);
    await as(first, ada.tokens.accessToken).account.updateName({ name: 'Ada King' });
    await first.close();
    const second = server(undefined, database).auth;
    const signedIn = await second.caller().auth.login({ email: 'ada@example.com', password: PASSWORD });
    expect(signedIn.requires2fa === false && signedIn.user.name).toBe('Ada King');
    await second.close();
  });
});
