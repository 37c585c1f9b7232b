// What every command group shares: the output, the exit code the run ends with, and `act`, which
// opens the database for an admin action and turns its failure into a message and exit code 1.
import { InvalidArgumentError, type Command } from 'commander';
import { streamLogger, type Logger } from '../../server/logger.ts';
import type { AuthServer } from '../../server/server.ts';
import { openExisting, type StoreOptions } from '../open-server.ts';
import { printError, type Output } from '../output.ts';

export interface GlobalOptions extends StoreOptions {
  json?: boolean;
}

export interface CliContext {
  readonly output: Output;
  /** 0 done, 1 the operation failed (2, a wrong command line, comes from commander). */
  exitCode: number;
  /** Runs an admin action on the database, printing its result or its error. */
  act<A extends unknown[]>(
    run: (auth: AuthServer, options: GlobalOptions, ...args: A) => Promise<void>,
  ): (...args: A) => Promise<void>;
}

/** Admin commands serve no requests: start-up notices for serving (mail off…) would be noise. */
const serverLog = streamLogger();
const adminLogger: Logger = {
  log: (level, message, fields) => level === 'error' && serverLog.log(level, message, fields),
};

export function cliContext(output: Output): CliContext {
  const cli: CliContext = {
    output,
    exitCode: 0,
    act:
      (run) =>
      async (...args) => {
        const command = args.at(-1) as Command;
        const options = command.optsWithGlobals<GlobalOptions>();
        output.json = options.json === true;
        let auth: AuthServer | undefined;
        try {
          auth = openExisting(options, { logger: adminLogger });
          await run(auth, options, ...args);
        } catch (error) {
          printError(output, error);
          cli.exitCode = 1;
        } finally {
          await auth?.close();
        }
      },
  };
  return cli;
}

/** An option's value parser: a whole number in [min, max], else a usage error (exit 2). */
export const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected an integer ${min}–${max}`);
  return n;
};
