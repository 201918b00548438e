import { accountCommands } from '../accounts/commands.js';
import { analyticsCommands } from '../analytics/cli.js';
import { type Config, ConfigError, loadConfig } from '../config/config.js';
import { telegramCommands } from '../intake/channels/telegram/cli.js';
import { feedCommands } from '../intake/feeds/cli.js';
import { importCommands } from '../intake/import/cli.js';
import { open311Commands } from '../intake/open311/cli.js';
import { understandCommands } from '../understand/commands.js';
import { UsageError } from './errors.js';
import { serverCommands } from './server-commands.js';
import type { CliCommand, CliIo } from './types.js';

/** Every command of the `tyndau` CLI. Features add theirs here. */
export const commands: readonly CliCommand[] = [
  ...serverCommands,
  ...accountCommands,
  ...telegramCommands,
  ...open311Commands,
  ...understandCommands,
  ...importCommands,
  ...feedCommands,
  ...analyticsCommands,
];

function help(io: CliIo): void {
  io.stdout.write('usage: tyndau <command> [options]\n\ncommands:\n');
  for (const c of commands) io.stdout.write(`  ${c.name.padEnd(22)} ${c.summary}\n`);
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`tyndau: unknown command "${name}"\n`);
    help(io);
    return 2;
  }
  let parsed: Config | undefined;
  const config = () => {
    parsed ??= loadConfig(io.env);
    return parsed;
  };
  try {
    return await command.run(args, io, config);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`tyndau: ${err.message}\n`);
      return 78;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`tyndau ${name}: ${err.message}\n${command.usage ? `usage: ${command.usage}\n` : ''}`);
      return 2;
    }
    throw err;
  }
}

function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
