// Zod descriptions of the signed-in result and its parts. Procedures that answer with it declare
// them as `.output()`, and the REST facade's OpenAPI document reads the same objects; the types in
// shared/types.ts are checked against them (main/http/rest/responses.ts).
import * as z from 'zod';
import { PLATFORMS, USER_ROLES, USER_STATUSES } from './schemas.ts';

export const isoSchema = z.string().meta({ format: 'date-time', description: 'ISO 8601, UTC' });

export const publicUserSchema = z.object({
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
  createdAt: isoSchema,
});

export const publicDeviceSchema = z.object({
  id: z.string(),
  platform: z.enum(PLATFORMS).nullable(),
  name: z.string().nullable(),
  osVersion: z.string().nullable(),
  appVersion: z.string().nullable(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  createdAt: isoSchema,
  lastSeenAt: isoSchema,
  trustedUntil: isoSchema.nullable(),
  current: z.boolean(),
});

export const publicSessionSchema = z.object({
  id: z.string(),
  deviceId: z.string(),
  amr: z.array(z.string()),
  aal: z.number().int(),
  authTime: isoSchema,
  createdAt: isoSchema,
  lastActiveAt: isoSchema,
  expiresAt: isoSchema,
  current: z.boolean(),
});

export const tokensSchema = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number().int(),
  accessTokenExpiresAt: isoSchema,
  refreshToken: z.string(),
  refreshTokenExpiresAt: isoSchema,
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

export const authResultSchema = z.object({
  requires2fa: z.literal(false),
  user: publicUserSchema,
  device: publicDeviceSchema,
  session: publicSessionSchema,
  tokens: tokensSchema,
});
