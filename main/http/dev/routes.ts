// Dev mode's routes (docs/testing.md): read the outbox and captcha answers, move the clock, reset and
// seed the database, toggle auto-registration and the captcha policy.
// They exist only when the server was started with --dev, on loopback; otherwise they are 404.
import * as z from 'zod';
import { emailSchema } from '../../../shared/schemas.ts';
import { toIso } from '../../server/clock.ts';
import { stmt } from '../../server/db/statements.ts';
import { AuthError } from '../../server/errors.ts';
import { handlerRoute, type HandlerRoute } from '../rest/routes.ts';
import { devMailMessageSchema, publicUserSchema } from '../../../shared/outputs.ts';
import { emptyDatabase } from './reset.ts';
import { outboxMessages } from './outbox.ts';
import { seedUser, seedUserInput } from './seed-user.ts';

/** A clock dev mode can move forward and back to the real time (OffsetClock when serving, ManualClock in tests). */
export interface MovableClock {
  advance(ms: number): void;
  reset(): void;
}

const TEN_YEARS = 10 * 366 * 24 * 3600;

// Forward only: tokens, codes and lockouts already issued would otherwise come from the future.
const clockInput = z
  .strictObject({
    advanceSeconds: z.number().int().min(1, 'clock_forward_only').max(TEN_YEARS).optional(),
    reset: z.literal(true).optional(),
  })
  .superRefine((input, context) => {
    if ((input.advanceSeconds === undefined) === (input.reset === undefined)) {
      context.addIssue({ code: 'custom', path: ['advanceSeconds'], message: 'clock_advance_or_reset' });
    }
  });
const outboxInput = z.strictObject({
  email: emailSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const captchaInput = z.strictObject({ id: z.string().min(1).max(128) });
const settingsInput = z.strictObject({
  autoRegister: z.boolean().optional(),
  captchaPolicy: z.enum(['never', 'always', 'afterFailures']).optional(),
});
const settings = z.object({
  autoRegister: z.boolean(),
  captchaPolicy: z.enum(['never', 'always', 'afterFailures']),
});

export function devRoutes(clock: MovableClock, hooks: { onReset(): void }): HandlerRoute[] {
  const dev = { tag: 'dev', auth: false } as const;
  return [
    handlerRoute({
      ...dev,
      method: 'POST',
      path: '/v1/dev/clock',
      summary: "Move the server's clock forward, or with reset: true back to the real time",
      input: clockInput,
      output: z.object({ now: z.string().meta({ format: 'date-time' }) }),
      handle: ({ auth, input }) => {
        if (input.reset) clock.reset();
        else clock.advance(input.advanceSeconds! * 1000);
        return { now: toIso(auth.services.clock.now()) };
      },
    }),
    handlerRoute({
      ...dev,
      method: 'GET',
      path: '/v1/dev/outbox',
      summary: 'Mail the server sent, newest first, with the code each message carries',
      input: outboxInput,
      output: z.object({ messages: z.array(devMailMessageSchema) }),
      handle: ({ auth, input }) => ({ messages: outboxMessages(auth, input) }),
    }),
    handlerRoute({
      ...dev,
      method: 'GET',
      path: '/v1/dev/captcha/:id',
      summary: "A live captcha's answer (dev mode keeps answers in memory; the database only a hash)",
      input: captchaInput,
      output: z.object({ answer: z.string() }),
      handle: ({ auth, input }) => {
        const { db, clock, devCaptchaAnswers } = auth.services;
        const answer = devCaptchaAnswers?.answerOf(input.id, clock.now());
        // An answered challenge is gone from the database, whatever the answer was.
        const live = stmt(db, 'SELECT 1 FROM captcha_challenges WHERE id = ?').get(input.id);
        if (!answer || !live) throw new AuthError('NOT_FOUND');
        return { answer };
      },
    }),
    handlerRoute({
      ...dev,
      method: 'POST',
      path: '/v1/dev/config',
      summary: "Change the running server's auto-registration and captcha policy; answers the settings",
      input: settingsInput,
      output: settings,
      handle: ({ auth, input }) => {
        // Read at every request (never copied at start-up), so the change applies to the next one.
        const email = auth.config.email;
        if (input.autoRegister !== undefined) email.autoRegister = input.autoRegister;
        if (input.captchaPolicy !== undefined) email.captcha.policy = input.captchaPolicy;
        return { autoRegister: email.autoRegister, captchaPolicy: email.captcha.policy };
      },
    }),
    handlerRoute({
      ...dev,
      method: 'POST',
      path: '/v1/dev/reset',
      summary: "Empty the database (signing keys stay) and put the server's clock back to the real time",
      output: z.object({ reset: z.literal(true), tables: z.array(z.string()) }),
      handle: ({ auth }) => {
        const tables = emptyDatabase(auth.services.db);
        clock.reset();
        hooks.onReset();
        return { reset: true, tables };
      },
    }),
    handlerRoute({
      ...dev,
      method: 'POST',
      path: '/v1/dev/users',
      summary: 'Seed a user (email verified); with totp: true, an enrolled authenticator and its secret',
      input: seedUserInput,
      output: z.object({
        user: publicUserSchema,
        totp: z.looseObject({ secret: z.string(), recoveryCodes: z.array(z.string()).optional() }).optional(),
      }),
      handle: ({ auth, input, request }) => seedUser(auth, input, request),
    }),
  ];
}
