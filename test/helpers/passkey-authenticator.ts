// A software authenticator for Node tests: real keys (P-256 or Ed25519 from node:crypto), real
// signatures, and authenticator data laid out as WebAuthn §6.1 says, so the server's library
// checks exactly what a browser would send. CBOR is encoded by @simplewebauthn's own helper.
// Every field a test may want wrong (origin, rpId, flags, counter, challenge) can be overridden.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { PasskeyRegistrationOptions, PasskeySignInOptions } from '../../shared/passkeys.ts';

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

export interface CeremonyOverrides {
  origin?: string;
  rpId?: string;
  challenge?: string;
  userPresent?: boolean;
  userVerified?: boolean;
  /** The signature counter to report (default: one more than last time, or 0 with `counterless`). */
  counter?: number;
  type?: string;
}

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const b64url = (data: Uint8Array): string => Buffer.from(data).toString('base64url');

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  readonly aaguid = Buffer.alloc(16);
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #alg: 'ES256' | 'EdDSA';
  #counter = 0;
  userHandle: string | undefined;

  readonly origin: string;
  readonly rpId: string;
  readonly backupEligible: boolean;
  readonly counterless: boolean;

  constructor(
    origin: string,
    rpId: string,
    options: { alg?: 'ES256' | 'EdDSA'; backupEligible?: boolean; counterless?: boolean } = {},
  ) {
    this.origin = origin;
    this.rpId = rpId;
    this.#alg = options.alg ?? 'ES256';
    const pair =
      this.#alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    this.#privateKey = pair.privateKey;
    this.#publicKey = pair.publicKey;
    this.backupEligible = options.backupEligible ?? false;
    this.counterless = options.counterless ?? false;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** navigator.credentials.create() answered, as JSON. */
  register(options: PasskeyRegistrationOptions, overrides: CeremonyOverrides = {}) {
    this.userHandle = options.user.id;
    const clientDataJSON = this.#clientData('webauthn.create', options.challenge, overrides);
    const authData = this.#authData(overrides, this.#attestedCredential());
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal' as const],
      },
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get() answered, as JSON. */
  assert(options: PasskeySignInOptions, overrides: CeremonyOverrides = {}) {
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge, overrides);
    const authData = this.#authData(overrides);
    const signed = Buffer.concat([authData, sha256(clientDataJSON)]);
    const signature =
      this.#alg === 'ES256' ? sign('sha256', signed, this.#privateKey) : sign(null, signed, this.#privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key' as const,
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
    };
  }

  #clientData(type: string, challenge: string, overrides: CeremonyOverrides): Buffer {
    return Buffer.from(
      JSON.stringify({
        type: overrides.type ?? type,
        challenge: overrides.challenge ?? challenge,
        origin: overrides.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }

  #authData(overrides: CeremonyOverrides, attested?: Buffer): Buffer {
    let flags = 0;
    if (overrides.userPresent ?? true) flags |= FLAG_UP;
    if (overrides.userVerified ?? true) flags |= FLAG_UV;
    if (this.backupEligible) flags |= FLAG_BE | FLAG_BS;
    if (attested) flags |= FLAG_AT;
    const counter = overrides.counter ?? (this.counterless ? 0 : ++this.#counter);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([
      sha256(overrides.rpId ?? this.rpId),
      Buffer.from([flags]),
      count,
      attested ?? Buffer.alloc(0),
    ]);
  }

  /** aaguid ‖ credential id length ‖ credential id ‖ COSE public key. */
  #attestedCredential(): Buffer {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(this.credentialId.length);
    return Buffer.concat([this.aaguid, length, this.credentialId, this.#coseKey()]);
  }

  #coseKey(): Uint8Array {
    const jwk = this.#publicKey.export({ format: 'jwk' });
    const x = Buffer.from(jwk.x!, 'base64url');
    const key =
      this.#alg === 'ES256'
        ? new Map<number, unknown>([
            [1, 2], // kty: EC2
            [3, -7], // alg: ES256
            [-1, 1], // crv: P-256
            [-2, x],
            [-3, Buffer.from(jwk.y!, 'base64url')],
          ])
        : new Map<number, unknown>([
            [1, 1], // kty: OKP
            [3, -8], // alg: EdDSA
            [-1, 6], // crv: Ed25519
            [-2, x],
          ]);
    return isoCBOR.encode(key as never);
  }
}
