// devices.*: the signed-in user's devices; revoking one ends every session on it.
import { byIdInput, renameDeviceInput } from '../../../../shared/schemas.ts';
import { found } from '../../errors.ts';
import { findDevice, listDevices, markDeviceRevoked, renameDevice, toPublicDevice } from '../../sessions/devices.ts';
import { revokeSessions } from '../../sessions/sessions.ts';
import { deleteDeviceChallenges } from '../../totp/challenges.ts';
import { untrustDevice } from '../../totp/trusted-devices.ts';
import { publicDeviceSchema, revokedSchema } from '../../../../shared/outputs.ts';
import {
  deviceSignInDecisionSchema,
  deviceSignInRequestSchema,
  userCodeInput,
} from '../../../../shared/device-sign-in.ts';
import { approveSignIn, denySignIn, describeSignIn } from '../../device-sign-in/decide.ts';
import { authedProcedure, router } from '../trpc.ts';
import type { HttpMethod } from '../meta.ts';

const rest = (method: HttpMethod, path: string, summary: string) => ({
  rest: { method, path, summary, tag: 'devices' },
});

export const devicesRouter = router({
  /** Which device asks to be signed in under this code (shown on the phone before approving). */
  describeSignIn: authedProcedure
    .input(userCodeInput)
    .output(deviceSignInRequestSchema)
    .meta(rest('POST', '/v1/device-code/describe', 'Which device asks to sign in with this code'))
    .mutation(({ ctx, input }) => describeSignIn(ctx, input.userCode)),
  /** Signs the kiosk showing this code in as the caller; needs a recent sign-in. */
  approveSignIn: authedProcedure
    .input(userCodeInput)
    .output(deviceSignInDecisionSchema)
    .meta(rest('POST', '/v1/device-code/approve', 'Sign the kiosk with this code in (needs a recent sign-in)'))
    .mutation(({ ctx, input }) => approveSignIn(ctx, input.userCode)),
  denySignIn: authedProcedure
    .input(userCodeInput)
    .output(deviceSignInDecisionSchema)
    .meta(rest('POST', '/v1/device-code/deny', 'Refuse the kiosk with this code'))
    .mutation(({ ctx, input }) => denySignIn(ctx, input.userCode)),
  list: authedProcedure
    .output(publicDeviceSchema.array())
    .meta(rest('GET', '/v1/devices', 'Your devices'))
    .query(({ ctx }) => {
      const now = ctx.services.clock.now();
      return listDevices(ctx.services.db, ctx.auth.user.id).map((row) => toPublicDevice(row, ctx.auth.device.pk, now));
    }),
  rename: authedProcedure
    .input(renameDeviceInput)
    .output(publicDeviceSchema)
    .meta(rest('PATCH', '/v1/devices/:id', 'Rename a device'))
    .mutation(({ ctx, input }) => {
      const { services, auth, request } = ctx;
      const device = found(findDevice(services.db, auth.user.id, input.id));
      renameDevice(services.db, device.pk, input.name);
      services.audit.record({ type: 'device_renamed', userId: auth.user.id, deviceId: device.public_id }, request);
      services.events.emit('account', { userId: auth.user.id, kind: 'device.updated', deviceId: device.public_id });
      return toPublicDevice({ ...device, name: input.name }, auth.device.pk, services.clock.now());
    }),
  /** The device asks for the second factor again at its next sign-in. */
  untrust: authedProcedure
    .input(byIdInput)
    .output(publicDeviceSchema)
    .meta(rest('DELETE', '/v1/devices/:id/trust', 'Stop trusting a device (its trust token stops working)'))
    .mutation(({ ctx, input }) => {
      const { services, auth, request } = ctx;
      const device = found(findDevice(services.db, auth.user.id, input.id));
      untrustDevice(services.db, device.pk);
      services.audit.record({ type: 'device_untrusted', userId: auth.user.id, deviceId: device.public_id }, request);
      services.events.emit('account', { userId: auth.user.id, kind: 'device.updated', deviceId: device.public_id });
      return toPublicDevice({ ...device, trusted_until: null }, auth.device.pk, services.clock.now());
    }),
  revoke: authedProcedure
    .input(byIdInput)
    .output(revokedSchema)
    .meta(rest('DELETE', '/v1/devices/:id', 'Revoke a device and its sessions'))
    .mutation(({ ctx, input }) => {
      const { services, auth, request } = ctx;
      const device = found(findDevice(services.db, auth.user.id, input.id));
      const now = services.clock.now();
      const ids = services.db
        .transaction(() => {
          markDeviceRevoked(services.db, device.pk, now);
          untrustDevice(services.db, device.pk);
          // A sign-in waiting on its second factor there would otherwise bring the device back.
          deleteDeviceChallenges(services.db, device.pk);
          return revokeSessions(services.db, { devicePk: device.pk }, 'device_revoked', now);
        })
        .immediate();
      services.audit.record(
        {
          type: 'device_revoked',
          userId: auth.user.id,
          deviceId: device.public_id,
          details: { revokedSessions: ids.length },
        },
        request,
      );
      services.events.emit('account', { userId: auth.user.id, kind: 'device.revoked', deviceId: device.public_id });
      return { revokedSessions: ids.length };
    }),
});
