// The schema history. Versions go up in tens so a hotfix migration can slot in between.
import type { Database } from 'better-sqlite3';
import core from './0010-core.ts';
import emailCodes from './0020-email-codes.ts';
import totp from './0030-totp.ts';
import auditChain from './0040-audit-chain.ts';
import deviceFirstSignIn from './0050-device-first-sign-in.ts';
import deviceTrust from './0060-device-trust.ts';
import challengeDeviceFacts from './0070-challenge-device-facts.ts';
import writeLeanIndexes from './0080-write-lean-indexes.ts';
import sealedOutbox from './0090-sealed-outbox.ts';
import magicLinks from './0100-magic-links.ts';
import emailChange from './0110-email-change.ts';
import passkeys from './0120-passkeys.ts';
import deviceCodes from './0130-device-codes.ts';
import deviceCodeApprover from './0140-device-code-approver.ts';
import userIdsNeverReused from './0150-user-ids-never-reused.ts';
import passkeyChallengeNamedAccount from './0160-passkey-challenge-named-account.ts';
import outboxMailOwner from './0170-outbox-mail-owner.ts';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 10, name: 'core', up: core },
  { version: 20, name: 'email-codes', up: emailCodes },
  { version: 30, name: 'totp', up: totp },
  { version: 40, name: 'audit-chain', up: auditChain },
  { version: 50, name: 'device-first-sign-in', up: deviceFirstSignIn },
  { version: 60, name: 'device-trust', up: deviceTrust },
  { version: 70, name: 'challenge-device-facts', up: challengeDeviceFacts },
  { version: 80, name: 'write-lean-indexes', up: writeLeanIndexes },
  { version: 90, name: 'sealed-outbox', up: sealedOutbox },
  { version: 100, name: 'magic-links', up: magicLinks },
  { version: 110, name: 'email-change', up: emailChange },
  { version: 120, name: 'passkeys', up: passkeys },
  { version: 130, name: 'device-codes', up: deviceCodes },
  { version: 140, name: 'device-code-approver', up: deviceCodeApprover },
  { version: 150, name: 'user-ids-never-reused', up: userIdsNeverReused },
  { version: 160, name: 'passkey-challenge-named-account', up: passkeyChallengeNamedAccount },
  { version: 170, name: 'outbox-mail-owner', up: outboxMailOwner },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
