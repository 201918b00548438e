import { UsageError } from '../cli/errors.js';

/** `--name value` options; repeated options collect into arrays. Unknown options are an error. */
export function parseOptions(args: readonly string[], known: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"`);
    const name = a.slice(2);
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    out.set(name, [...(out.get(name) ?? []), value]);
    i++;
  }
  return out;
}

export function one(opts: Map<string, string[]>, name: string): string | undefined {
  return opts.get(name)?.at(-1);
}

export function required(opts: Map<string, string[]>, name: string): string {
  const v = one(opts, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}
