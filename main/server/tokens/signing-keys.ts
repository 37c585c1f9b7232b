// The EdDSA key set behind access and id tokens (docs/security.md R26–R27). Private
// keys are sealed by the secret box; a key signs for `keyRotationDays`, then keeps verifying only
// until every token it signed has expired.
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Jwks } from '../../../shared/types.ts';
import type { Db } from '../db/open.ts';
import type { Clock } from '../clock.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { randomId } from '../crypto/random.ts';
import { stmt } from '../db/statements.ts';

export const ALG = 'EdDSA';

interface KeyRow {
  kid: string;
  public_jwk: string;
  private_jwk_sealed: Buffer;
  created_at: number;
  retired_at: number | null;
  verify_until: number | null;
}

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  /** The private key as node:crypto signs with it (compact-jws.ts). */
  privateKey: KeyObject;
  createdAt: number;
  verifyUntil: number | null;
}

export interface KeySetOptions {
  rotationMs: number;
  /** How long a retired key must keep verifying: the longest token lifetime plus clock leeway. */
  retireGraceMs: number;
}

/** How often signing looks for a key set changed by another process (`latchkey keys rotate`). */
const CHANGE_CHECK_MS = 1000;

export class SigningKeys {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #box: SecretBox;
  readonly #options: KeySetOptions;
  #keys = new Map<string, LoadedKey>();
  #active: LoadedKey | undefined;
  #loaded = false;
  #checkedAt = -Infinity;

  constructor(db: Db, clock: Clock, box: SecretBox, options: KeySetOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#box = box;
    this.#options = options;
  }

  /** The key to sign with now, rotating first when the current one has served its term. */
  async signingKey(): Promise<LoadedKey> {
    await this.#load();
    await this.#followChanges();
    const active = this.#active;
    if (active && this.#clock.now() - active.createdAt < this.#options.rotationMs) return active;
    return this.rotate();
  }

  /** A key that may verify a token now; `kid` only selects among our own stored keys. */
  async verificationKey(kid: unknown): Promise<CryptoKey | undefined> {
    await this.#load();
    if (typeof kid !== 'string') return undefined;
    // Another process may have retired a key we hold (verify_until), or made one we do not.
    await this.#followChanges();
    if (!this.#keys.has(kid) && stmt(this.#db, 'SELECT 1 FROM signing_keys WHERE kid = ?').get(kid))
      await this.#reload();
    const key = this.#keys.get(kid);
    if (!key || (key.verifyUntil !== null && key.verifyUntil <= this.#clock.now())) return undefined;
    return key.publicKey;
  }

  async jwks(): Promise<Jwks> {
    await this.#load();
    await this.#followChanges();
    const now = this.#clock.now();
    const keys = [...this.#keys.values()]
      .filter((key) => key.verifyUntil === null || key.verifyUntil > now)
      .map((key) => ({ ...key.publicJwk, kty: key.publicJwk.kty!, kid: key.kid, alg: ALG, use: 'sig' }));
    return { keys };
  }

  async rotate(): Promise<LoadedKey> {
    await this.#reload(); // another process may have rotated since we last looked
    const now = this.#clock.now();
    const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    const kid = randomId('key', 12);
    const publicJwk = await exportJWK(publicKey);
    const privateJwk = await exportJWK(privateKey);
    const sealed = this.#box.seal(Buffer.from(JSON.stringify(privateJwk)));
    const verifyUntil = now + this.#options.retireGraceMs;
    this.#db
      .transaction(() => {
        this.#db
          .prepare('UPDATE signing_keys SET retired_at = ?, verify_until = ? WHERE retired_at IS NULL')
          .run(now, verifyUntil);
        this.#db
          .prepare(
            `INSERT INTO signing_keys (kid, alg, public_jwk, private_jwk_sealed, created_at)
           VALUES (?, ?, ?, ?, ?)`,
          )
          .run(kid, ALG, JSON.stringify(publicJwk), sealed, now);
      })
      .immediate();
    for (const key of this.#keys.values()) if (key.verifyUntil === null) key.verifyUntil = verifyUntil;
    const loaded: LoadedKey = {
      kid,
      publicJwk,
      publicKey,
      privateKey: privateKeyObject(privateJwk),
      createdAt: now,
      verifyUntil: null,
    };
    this.#keys.set(kid, loaded);
    this.#active = loaded;
    return loaded;
  }

  /** At most once a second: picks up a rotation made by another process on the same file. */
  async #followChanges(): Promise<void> {
    const now = this.#clock.now();
    if (now - this.#checkedAt < CHANGE_CHECK_MS) return;
    this.#checkedAt = now;
    await this.#reloadIfChanged();
  }

  /** Reloads the key set when the database's active key is not ours (one read of a tiny table). */
  async #reloadIfChanged(): Promise<void> {
    const row = stmt(
      this.#db,
      'SELECT kid FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1',
    ).get() as { kid: string } | undefined;
    if (row === undefined || row.kid === this.#active?.kid) return;
    await this.#reload();
  }

  async #reload(): Promise<void> {
    this.#loaded = false;
    await this.#load();
  }

  async #load(): Promise<void> {
    if (this.#loaded) return;
    const rows = this.#db
      .prepare('SELECT * FROM signing_keys WHERE verify_until IS NULL OR verify_until > ? ORDER BY created_at')
      .all(this.#clock.now()) as KeyRow[];
    const keys = new Map<string, LoadedKey>();
    let active: LoadedKey | undefined;
    for (const row of rows) {
      const publicJwk = JSON.parse(row.public_jwk) as JWK;
      const privateJwk = JSON.parse(this.#box.open(row.private_jwk_sealed).toString()) as JWK;
      const key: LoadedKey = {
        kid: row.kid,
        publicJwk,
        publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey,
        privateKey: privateKeyObject(privateJwk),
        createdAt: row.created_at,
        verifyUntil: row.verify_until,
      };
      keys.set(row.kid, key);
      if (row.retired_at === null) active = key;
    }
    if (this.#loaded) return; // another caller finished loading while we awaited
    this.#keys = keys;
    this.#active = active;
    this.#loaded = true;
  }
}

const privateKeyObject = (jwk: JWK): KeyObject => createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
