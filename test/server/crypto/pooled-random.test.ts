import { describe, expect, it } from 'vitest';
import { pooledRandomBytes, randomId, randomToken } from '../../../main/server/crypto/random.ts';

describe('pooled CSPRNG bytes', () => {
  it('hands out every byte once, across refills, and never changes an earlier result', () => {
    const first = pooledRandomBytes(16);
    const copy = Buffer.from(first);
    const seen = new Set<string>([copy.toString('hex')]);
    // Far more than one 4 KiB pool: several refills happen in between.
    for (let i = 0; i < 2000; i++) {
      const bytes = pooledRandomBytes(16);
      expect(bytes).toHaveLength(16);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(2001);
    expect(first.equals(copy)).toBe(true);
  });

  it('gives sizes past the pool straight from the CSPRNG, and keeps token and id formats', () => {
    expect(pooledRandomBytes(4096)).toHaveLength(4096);
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomId('ses')).toMatch(/^ses_[A-Za-z0-9_-]{22}$/);
  });
});
