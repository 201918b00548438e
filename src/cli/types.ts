import type { Config } from '../config/config.js';

export interface CliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Record<string, string | undefined>;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage?: string;
  /** Returns the process exit code. `config` is parsed lazily: commands that need none never fail on it. */
  run(args: string[], io: CliIo, config: () => Config): Promise<number>;
}
