// Worker thread body for the pure-JS argon2id backend: hashing here keeps the event loop free.
import { parentPort } from 'node:worker_threads';
import { argon2id } from '@noble/hashes/argon2.js';

interface Job {
  id: number;
  password: Uint8Array;
  salt: Uint8Array;
  memoryKiB: number;
  passes: number;
  parallelism: number;
  hashBytes: number;
}

parentPort?.on('message', (job: Job) => {
  try {
    const hash = argon2id(job.password, job.salt, {
      m: job.memoryKiB,
      t: job.passes,
      p: job.parallelism,
      dkLen: job.hashBytes,
    });
    parentPort?.postMessage({ id: job.id, hash }, [hash.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: String(error) });
  }
});
