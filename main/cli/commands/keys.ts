// `latchkey keys rotate`: sign new tokens with a new key.
import type { Command } from 'commander';
import { print } from '../output.ts';
import type { CliContext } from './context.ts';

export function addKeysCommands(program: Command, cli: CliContext): void {
  const { act, output } = cli;
  program
    .command('keys')
    .description('signing keys')
    .command('rotate')
    .description('start signing with a new key; old tokens keep verifying until they expire')
    .action(
      act(async (auth) => {
        const result = await auth.adminCaller().admin.keys.rotate();
        print(output, result, () => `new signing key ${result.kid}`);
      }),
    );
}
