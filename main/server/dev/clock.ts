// Dev mode's clock control (`dev.clock`): forward by whole seconds, or back to the real time.
import type { DevClockInput } from '../../../shared/schemas.ts';
import { isMovable, toIso, type Clock, type MovableClock } from '../clock.ts';

export function moveClock(clock: Clock, input: DevClockInput): { now: string } {
  const movable = devClock(clock);
  if (input.reset) movable.reset();
  else movable.advance(input.advanceSeconds! * 1000);
  return { now: toIso(movable.now()) };
}

/** A dev-mode server always runs on a movable clock (createAuthServer sees to it). */
export function devClock(clock: Clock): MovableClock {
  if (!isMovable(clock)) throw new Error('dev mode needs a movable clock');
  return clock;
}
