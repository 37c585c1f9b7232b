// Two interchangeable argon2id engines with identical output: node:crypto's native one (Node
// ≥ 24.7, on libuv's thread pool) and @noble/hashes in worker threads (any runtime, e.g. an
// Electron whose Node predates crypto.argon2). Neither runs on the event loop.
import * as nodeCrypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
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

/** A fixed pool of workers; jobs go to the least busy one. */
export function nobleBackend(size = availableParallelism()): Argon2Backend {
  const workerUrl = new URL('./argon2-worker.ts', import.meta.url);
  const workers: Array<{ worker: Worker; busy: number }> = [];
  const pending = new Map<number, Pending>();
  let nextId = 1;

  function spawn(): { worker: Worker; busy: number } {
    const slot = { worker: new Worker(workerUrl), busy: 0 };
    slot.worker.unref();
    slot.worker.on('message', (message: { id: number; hash?: Uint8Array; error?: string }) => {
      slot.busy -= 1;
      const job = pending.get(message.id);
      pending.delete(message.id);
      if (!job) return;
      if (message.hash) job.resolve(Buffer.from(message.hash));
      else job.reject(new Error(message.error ?? 'argon2 worker failed'));
    });
    slot.worker.on('error', (error) => {
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    });
    workers.push(slot);
    return slot;
  }

  return {
    name: 'noble',
    derive(password, salt, params, bytes) {
      const slot = workers.length < size ? spawn() : workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      slot.busy += 1;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, password, salt, ...params, hashBytes: bytes });
      });
    },
    async close() {
      await Promise.all(workers.map((slot) => slot.worker.terminate()));
      workers.length = 0;
    },
  };
}
