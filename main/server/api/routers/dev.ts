// dev.*: dev mode's procedures (docs/testing.md): read the outbox and captcha answers, move the
// clock, reset and seed the database, toggle auto-registration and the captcha policy. Mounted
// only on a server in dev mode (router.ts); every transport then serves them alike, REST included.
import {
  devCaptchaInput,
  devClockInput,
  devConfigInput,
  devOutboxInput,
  seedUserInput,
} from '../../../../shared/schemas.ts';
import {
  devCaptchaAnswerSchema,
  devClockSchema,
  devConfigSchema,
  devOutboxSchema,
  devResetSchema,
  devSeededUserSchema,
} from '../../../../shared/outputs.ts';
import { captchaAnswer } from '../../dev/captcha-answer.ts';
import { moveClock } from '../../dev/clock.ts';
import { outboxMessages } from '../../dev/outbox.ts';
import { resetServer } from '../../dev/reset.ts';
import { seedUser, type SeedCallers } from '../../dev/seed-user.ts';
import { changeSettings } from '../../dev/settings.ts';
import type { Context } from '../context.ts';
import { appRouter } from '../core-router.ts';
import { createCallerFactory, publicProcedure, router } from '../trpc.ts';

const tag = 'dev';
const createCoreCaller = createCallerFactory(appRouter);

/** Seeding goes through the public procedures, as the in-process admin and then as the new user. */
const seedCallers = ({ services, request }: Context): SeedCallers => ({
  admin: createCoreCaller({
    services,
    request: { transport: 'internal', locale: request.locale, internalAdmin: true },
  }),
  withToken: (accessToken) => createCoreCaller({ services, request: { ...request, accessToken } }),
});

export const devRouter = router({
  clock: publicProcedure
    .input(devClockInput)
    .output(devClockSchema)
    .meta({
      rest: {
        method: 'POST',
        path: '/v1/dev/clock',
        summary: "Move the server's clock forward, or with reset: true back to the real time",
        tag,
      },
    })
    .mutation(({ ctx, input }) => moveClock(ctx.services.clock, input)),
  outbox: publicProcedure
    .input(devOutboxInput)
    .output(devOutboxSchema)
    .meta({
      rest: {
        method: 'GET',
        path: '/v1/dev/outbox',
        summary: 'Mail the server sent, newest first, with the code each message carries',
        tag,
      },
    })
    .query(({ ctx, input }) => ({ messages: outboxMessages(ctx.services, input) })),
  captchaAnswer: publicProcedure
    .input(devCaptchaInput)
    .output(devCaptchaAnswerSchema)
    .meta({
      rest: {
        method: 'GET',
        path: '/v1/dev/captcha/:id',
        summary: "A live captcha's answer (dev mode keeps answers in memory; the database only a hash)",
        tag,
      },
    })
    .query(({ ctx, input }) => captchaAnswer(ctx.services, input.id)),
  config: publicProcedure
    .input(devConfigInput)
    .output(devConfigSchema)
    .meta({
      rest: {
        method: 'POST',
        path: '/v1/dev/config',
        summary: "Change the running server's auto-registration and captcha policy; answers the settings",
        tag,
      },
    })
    .mutation(({ ctx, input }) => changeSettings(ctx.services.config, input)),
  reset: publicProcedure
    .output(devResetSchema)
    .meta({
      rest: {
        method: 'POST',
        path: '/v1/dev/reset',
        summary: "Empty the database (signing keys stay) and put the server's clock back to the real time",
        tag,
      },
    })
    .mutation(({ ctx }) => resetServer(ctx.services)),
  seedUser: publicProcedure
    .input(seedUserInput)
    .output(devSeededUserSchema)
    .meta({
      rest: {
        method: 'POST',
        path: '/v1/dev/users',
        summary: 'Seed a user (email verified); with totp: true, an enrolled authenticator and its secret',
        tag,
      },
    })
    .mutation(({ ctx, input }) => seedUser(ctx.services, seedCallers(ctx), input, ctx.request)),
});
