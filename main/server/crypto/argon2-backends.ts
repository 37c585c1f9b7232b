// Two interchangeable argon2id engines with identical output: node:crypto's native one (Node
// ≥ 24.7, on libuv's thread pool) and @noble/hashes in worker threads (any runtime, e.g. an
// Electron whose Node predates crypto.argon2). Neither runs on the event loop.
import * as nodeCrypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Argon2Params } from './phc.ts';

export interface Argon2Backend {
  readonly name: 'native' | 'noble';
  derive(password: Uint8Array, salt: Uint8Array, params: Argon2Params, bytes: number): Promise<Buffer>;
  close(): Promise<void>;
}

type NativeArgon2 = (
  algorithm: 'argon2id',
  parameters: {
    message: Uint8Array;
    nonce: Uint8Array;
    parallelism: number;
    tagLength: number;
    memory: number;
    passes: number;
  },
  callback: (error: Error | null, result: Buffer) => void,
) => void;

const nativeArgon2 = (nodeCrypto as { argon2?: NativeArgon2 }).argon2;

export const hasNativeArgon2 = (): boolean => typeof nativeArgon2 === 'function';

export function nativeBackend(): Argon2Backend {
  const argon2 = nativeArgon2;
  if (!argon2) throw new Error('node:crypto.argon2 is not available in this runtime.');
  return {
    name: 'native',
    derive: (password, salt, params, bytes) =>
      new Promise((resolve, reject) => {
        argon2(
          'argon2id',
          {
            message: password,
            nonce: salt,
            parallelism: params.parallelism,
            tagLength: bytes,
            memory: params.memoryKiB,
            passes: params.passes,
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        );
      }),
    close: async () => {},
  };
}

interface Pending {
  resolve: (hash: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs posted to this worker and not yet answered. */
  jobs: Map<number, Pending>;
}

export interface NobleBackend extends Argon2Backend {
  readonly name: 'noble';
  /** The live workers (health checks and tests). */
  readonly workers: readonly Worker[];
}

/**
 * A pool of up to `size` workers; jobs go to the least busy one. A worker that dies (an uncaught
 * error, out of memory, terminated) leaves the pool at once: its jobs in flight are rejected, and
 * the next job starts a replacement, so no hash ever waits on a dead thread.
 */
export function nobleBackend(size = availableParallelism()): NobleBackend {
  const workerUrl = new URL('./argon2-worker.ts', import.meta.url);
  const slots: Slot[] = [];
  let nextId = 1;
  let closing = false;

  function retire(slot: Slot, error: Error): void {
    const index = slots.indexOf(slot);
    if (index !== -1) slots.splice(index, 1);
    for (const job of slot.jobs.values()) job.reject(error);
    slot.jobs.clear();
  }

  function spawn(): Slot {
    // node:worker_threads loads with the first worker: the native backend never needs it.
    const { Worker: Thread } = process.getBuiltinModule('node:worker_threads');
    const slot: Slot = { worker: new Thread(workerUrl), jobs: new Map() };
    slot.worker.unref();
    slot.worker.on('message', (message: { id: number; hash?: Uint8Array; error?: string }) => {
      const job = slot.jobs.get(message.id);
      slot.jobs.delete(message.id);
      if (!job) return;
      if (message.hash) job.resolve(Buffer.from(message.hash));
      else job.reject(new Error(message.error ?? 'argon2 worker failed'));
    });
    slot.worker.on('error', (error) => retire(slot, error));
    slot.worker.on('exit', (code) =>
      retire(slot, new Error(closing ? 'argon2 pool closed' : `argon2 worker exited (code ${code})`)),
    );
    slots.push(slot);
    return slot;
  }

  return {
    name: 'noble',
    get workers() {
      return slots.map((slot) => slot.worker);
    },
    derive(password, salt, params, bytes) {
      const slot = slots.length < size ? spawn() : slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        slot.jobs.set(id, { resolve, reject });
        slot.worker.postMessage({ id, password, salt, ...params, hashBytes: bytes });
      });
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
      slots.length = 0;
    },
  };
}
