// What a sign-in answers (AuthResult or a second-factor challenge) as zod schemas: the output of
// the procedures that sign in, and their REST routes' OpenAPI description. main/http/rest/responses.ts
// ties each one to its type in shared/types.ts.
import * as z from 'zod';
import { PLATFORMS, USER_ROLES, USER_STATUSES } from './schemas.ts';

export const iso = z.string().meta({ format: 'date-time', description: 'ISO 8601, UTC' });

export const publicUser = z.object({
  id: z.number().int(),
  uuid: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  status: z.enum(USER_STATUSES),
  emailVerified: z.boolean(),
  hasPassword: z.boolean(),
  totpEnabled: z.boolean(),
  recoveryCodesRemaining: z.number().int().optional(),
  orgId: z.string().nullable(),
  createdAt: iso,
});

export const publicDevice = z.object({
  id: z.string(),
  platform: z.enum(PLATFORMS).nullable(),
  name: z.string().nullable(),
  osVersion: z.string().nullable(),
  appVersion: z.string().nullable(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  createdAt: iso,
  lastSeenAt: iso,
  trustedUntil: iso.nullable(),
  current: z.boolean(),
});

export const publicSession = z.object({
  id: z.string(),
  deviceId: z.string(),
  amr: z.array(z.string()),
  aal: z.number().int(),
  authTime: iso,
  createdAt: iso,
  lastActiveAt: iso,
  expiresAt: iso,
  current: z.boolean(),
});

export const tokens = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number().int(),
  accessTokenExpiresAt: iso,
  refreshToken: z.string(),
  refreshTokenExpiresAt: iso,
  idToken: z.string(),
  tokenId: z.string(),
  deviceTrustToken: z
    .string()
    .optional()
    .meta({
      description:
        'Only after auth.verifySecondFactor with trustDevice: true. Shown once: send it as X-Device-Trust ' +
        '(or device.trustToken) on later sign-ins from this device to skip the second factor until trustedUntil.',
    }),
});

export const authResult = z.object({
  requires2fa: z.literal(false),
  user: publicUser,
  device: publicDevice,
  session: publicSession,
  tokens,
});

export const secondFactorChallenge = z.object({
  requires2fa: z.literal(true),
  challenge: z.object({
    token: z.string(),
    expiresIn: z.number().int(),
    methods: z.array(z.enum(['totp', 'recovery_code'])),
  }),
});

export const signInResult = z.union([authResult, secondFactorChallenge]);
