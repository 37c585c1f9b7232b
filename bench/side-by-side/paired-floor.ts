// The measurement behind the c16 sign-in target (docs/benchmarks.md#method): slices of timed
// sign-ins and of floor hashes (our argon2id, 16 in flight, in this process while the server
// idles), alternated and in turn each first, so that both are timed in the same seconds: this
// machine's speed drifts within seconds by more than the gap being judged, so a floor timed once,
// even right after the sign-ins, says more about the machine than about the server.
import { ourArgon2id, ownCpuMs } from '../floors.ts';
import { drive, type DriveResult, type Operation } from '../lib/drive.ts';
import { round } from '../lib/stats.ts';

export interface PairedFloor {
  /** Sign-ins per second over every sign-in slice ÷ hashes per second over every floor slice. */
  ratio: number;
  signinOpsPerS: number;
  floorOpsPerS: number;
  /** Each pair's own ratio, in order: how much the machine moved between slices. */
  pairs: number[];
  /** Server CPU per sign-in ÷ this process's CPU per floor hash, over the same slices. */
  cpuRatio: number;
}

/** Sign-in must be a checked operation (it throws on a wrong answer); any failure fails the measure. */
export async function pairedFloor(
  signIn: Operation,
  serverCpuMs: () => number,
  slices: number,
  perSlice: number,
): Promise<PairedFloor> {
  const { backend, hash } = ourArgon2id();
  try {
    await drive(16, 16, hash); // untimed: this process's first hashes fault their memory in
    const total = { signin: { ops: 0, s: 0, cpu: 0 }, floor: { ops: 0, s: 0, cpu: 0 } };
    const timeSignIns = () => drive(perSlice, 16, signIn, { serverCpuMs });
    const timeHashes = () => drive(perSlice, 16, hash, { serverCpuMs: ownCpuMs });
    const pairs: number[] = [];
    for (let i = 0; i < slices; i++) {
      let s: DriveResult;
      let f: DriveResult;
      if (i % 2 === 0) {
        s = await timeSignIns();
        f = await timeHashes();
      } else {
        f = await timeHashes();
        s = await timeSignIns();
      }
      for (const [name, r] of [
        ['sign-in', s],
        ['floor', f],
      ] as const)
        if (r.errors > 0) throw new Error(`paired ${name} slice failed: ${r.firstError}`);
      for (const [sum, r] of [
        [total.signin, s],
        [total.floor, f],
      ] as const) {
        sum.ops += r.ops;
        sum.s += r.wallS;
        sum.cpu += (r.serverCpuMsPerOp ?? Number.NaN) * r.ops;
      }
      pairs.push(round(s.opsPerS / f.opsPerS));
    }
    const signinOpsPerS = total.signin.ops / total.signin.s;
    const floorOpsPerS = total.floor.ops / total.floor.s;
    return {
      ratio: round(signinOpsPerS / floorOpsPerS),
      signinOpsPerS: round(signinOpsPerS),
      floorOpsPerS: round(floorOpsPerS),
      pairs,
      cpuRatio: round(total.signin.cpu / total.signin.ops / (total.floor.cpu / total.floor.ops)),
    };
  } finally {
    await backend.close();
  }
}
