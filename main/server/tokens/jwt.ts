// Access and id tokens (docs/security.md R24–R28). Verification pins the algorithm,
// issuer, audience and `typ`, so an id token is never accepted where an access token is expected.
import { jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../clock.ts';
import { toSeconds } from '../clock.ts';
import { randomId } from '../crypto/random.ts';
import { ALG, type SigningKeys } from './signing-keys.ts';
import { signCompactJws } from './compact-jws.ts';

export const ACCESS_TOKEN_TYP = 'at+jwt';
export const ID_TOKEN_TYP = 'JWT';

export interface AccessClaims extends JWTPayload {
  sub: string;
  sid: string;
  did: string;
  amr: string[];
  aal: number;
  jti: string;
  exp: number;
  iat: number;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTtl: number;
  idTokenTtl: number;
  clockToleranceSeconds: number;
}

export interface SessionClaims {
  userId: number;
  sessionId: string;
  devicePublicId: string;
  amr: string[];
  aal: number;
}

export interface IdentityClaims {
  email: string;
  name: string;
  emailVerified: boolean;
  authTime: number;
}

/** Verified access tokens by token string, so a hot path pays for a signature check only once. */
const CACHE_LIMIT = 10_000;

interface Verified {
  claims: AccessClaims;
  /** Epoch ms from which the token is refused: its exp or its largest age, plus the tolerance. */
  acceptedUntil: number;
}

export class TokenService {
  readonly #keys: SigningKeys;
  readonly #clock: Clock;
  readonly #settings: TokenSettings;
  readonly #verified = new Map<string, Verified>();

  constructor(keys: SigningKeys, clock: Clock, settings: TokenSettings) {
    this.#keys = keys;
    this.#clock = clock;
    this.#settings = settings;
  }

  async issueAccessToken(claims: SessionClaims): Promise<{ token: string; jti: string; expiresAt: number }> {
    const key = await this.#keys.signingKey();
    const iat = toSeconds(this.#clock.now());
    const exp = iat + this.#settings.accessTtl;
    const jti = randomId('at', 12);
    const { issuer: iss, audience: aud } = this.#settings;
    const token = signCompactJws(
      { alg: ALG, kid: key.kid, typ: ACCESS_TOKEN_TYP },
      {
        sid: claims.sessionId,
        did: claims.devicePublicId,
        amr: claims.amr,
        aal: claims.aal,
        iss,
        aud,
        sub: String(claims.userId),
        iat,
        exp,
        jti,
      },
      key.privateKey,
    );
    return { token, jti, expiresAt: exp * 1000 };
  }

  /** A short-lived OpenID-style identity token for the app to read who signed in. */
  async issueIdToken(claims: SessionClaims & IdentityClaims): Promise<string> {
    const key = await this.#keys.signingKey();
    const iat = toSeconds(this.#clock.now());
    const { issuer: iss, audience: aud } = this.#settings;
    return signCompactJws(
      { alg: ALG, kid: key.kid, typ: ID_TOKEN_TYP },
      {
        sid: claims.sessionId,
        email: claims.email,
        email_verified: claims.emailVerified,
        name: claims.name,
        auth_time: toSeconds(claims.authTime),
        amr: claims.amr,
        iss,
        aud,
        sub: String(claims.userId),
        iat,
        exp: iat + this.#settings.idTokenTtl,
      },
      key.privateKey,
    );
  }

  /**
   * The claims of a valid access token, or undefined for anything else. Never throws. Beyond the
   * signature and claims, a token must look like one this server issues: `iat` not in the future
   * and a lifetime (exp - iat) no longer than the access TTL, each give or take the clock tolerance
   * (docs/security.md R78), so a leaked signing key cannot mint a token that lasts for years.
   */
  async verifyAccessToken(token: string): Promise<AccessClaims | undefined> {
    const now = this.#clock.now();
    const cached = this.#verified.get(token);
    if (cached) {
      if (cached.acceptedUntil > now) return cached.claims;
      this.#verified.delete(token);
      return undefined;
    }
    const { accessTtl, clockToleranceSeconds: tolerance } = this.#settings;
    try {
      const { payload } = await jwtVerify(token, (header) => this.#keyFor(header.kid), {
        algorithms: [ALG],
        issuer: this.#settings.issuer,
        audience: this.#settings.audience,
        typ: ACCESS_TOKEN_TYP,
        clockTolerance: tolerance,
        currentDate: new Date(now),
        // Refuses an iat in the future as well as one older than the TTL.
        maxTokenAge: accessTtl,
        requiredClaims: ['sub', 'sid', 'did', 'jti', 'exp', 'iat'],
      });
      if (!isAccessClaims(payload)) return undefined;
      if (payload.exp - payload.iat > accessTtl + tolerance) return undefined;
      // As jose judges it in whole seconds: exp is exclusive, the largest age inclusive.
      const acceptedUntil = (Math.min(payload.exp, payload.iat + accessTtl + 1) + tolerance) * 1000;
      if (this.#verified.size >= CACHE_LIMIT) this.#verified.delete(this.#verified.keys().next().value!);
      this.#verified.set(token, { claims: payload, acceptedUntil });
      return payload;
    } catch {
      return undefined;
    }
  }

  async #keyFor(kid: unknown) {
    const key = await this.#keys.verificationKey(kid);
    if (!key) throw new Error('unknown key');
    return key;
  }
}

function isAccessClaims(payload: JWTPayload): payload is AccessClaims {
  return (
    typeof payload.sub === 'string' &&
    /^\d+$/.test(payload.sub) &&
    typeof payload['sid'] === 'string' &&
    typeof payload['did'] === 'string' &&
    Array.isArray(payload['amr']) &&
    typeof payload['aal'] === 'number'
  );
}
