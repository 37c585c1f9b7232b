// PHC string format for argon2id: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, base64 unpadded.

export interface Argon2Params {
  memoryKiB: number;
  passes: number;
  parallelism: number;
}

export interface Argon2Hash extends Argon2Params {
  salt: Buffer;
  hash: Buffer;
}

const PATTERN = /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,})\$([A-Za-z0-9+/]{16,})$/;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64').replace(/=+$/, '');

export function formatPhc(value: Argon2Hash): string {
  const { memoryKiB: m, passes: t, parallelism: p } = value;
  return `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(value.salt)}$${b64(value.hash)}`;
}

export function parsePhc(phc: string): Argon2Hash | undefined {
  const match = PATTERN.exec(phc);
  if (!match) return undefined;
  const [, m, t, p, salt, hash] = match;
  return {
    memoryKiB: Number(m),
    passes: Number(t),
    parallelism: Number(p),
    salt: Buffer.from(salt!, 'base64'),
    hash: Buffer.from(hash!, 'base64'),
  };
}

export function sameParams(a: Argon2Params, b: Argon2Params): boolean {
  return a.memoryKiB === b.memoryKiB && a.passes === b.passes && a.parallelism === b.parallelism;
}
