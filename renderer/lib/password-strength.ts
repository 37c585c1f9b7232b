// The strength hint while a new password is typed: the same zxcvbn estimator (and common-password
// list) the server's policy uses, loaded only when a password field needs it.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

let estimator: Promise<ZxcvbnFactory> | undefined;

function load(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return estimator;
}

/** 0 (guessed at once) to 4 (very strong); the server refuses anything below 2. */
export async function passwordScore(password: string, userInputs: string[] = []): Promise<number> {
  const zxcvbn = await load();
  return zxcvbn.check(password.normalize('NFKC'), userInputs).score;
}

export const MIN_ACCEPTED_SCORE = 2;

/** The live reason a new password would be refused for being common (undefined when it would pass). */
export function tooCommon(password: string, score: number | undefined, minLength: number): boolean {
  return score !== undefined && score < MIN_ACCEPTED_SCORE && [...password.normalize('NFKC')].length >= minLength;
}
