/**
 * Throughput and peak memory of `tyndau classify` over 100,000 messages (the training corpus cycled, an
 * index appended so every line is unique), next to a baseline that reads and writes the same JSONL without
 * classifying, in the same run. Each side runs in its own child process (so peak RSS is its own) reading
 * the JSONL from a file on stdin and writing JSONL to a file. A third child runs the whole enrichment the
 * intake stage runs on every signal (enrich() with explanations, address parts, personal data and
 * redaction, fingerprint and cluster key) and writes the same lines as classify.
 * Run alone: node bin/run-ts.mjs bench/classify.ts [messages]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { corpusFiles, readJsonl } from '../src/understand/corpus.js';

export interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
}

interface Stats {
  /** From the first line read to the last line written, after start-up (models loaded). */
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly startupSeconds: number;
  readonly maxRssMb: number;
  readonly lines: number;
}

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SELF = fileURLToPath(import.meta.url);

/** Child side: `--child classify|baseline <stats file>`, JSONL on stdin, JSONL on stdout. */
async function child(mode: string, statsFile: string): Promise<void> {
  const started = process.hrtime.bigint();
  const { classifyLines } = await import('../src/understand/commands.js');
  const { createEnricher } = await import('../src/understand/enrich.js');
  // The models and the gazetteer load before the clock starts, exactly as `tyndau classify` loads them.
  const enricher =
    mode === 'classify'
      ? createEnricher({ explain: false })
      : mode === 'enrich'
        ? createEnricher({ explain: true })
        : null;
  const startupSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  let lines = 0;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  if (enricher) {
    const counting = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        for (const b of chunk) if (b === 10) lines++;
        cb(null, chunk);
      },
    });
    counting.pipe(process.stdout);
    const io = { stdin: process.stdin, stdout: counting, stderr: process.stderr, env: {} };
    if (mode === 'enrich') {
      // The whole enrichment behind the same output lines: labels() answers from enrich()'s labels.
      const whole = enricher;
      await classifyLines(io, { ...whole, labels: (text: string) => whole.enrich(text) });
    } else await classifyLines(io, enricher);
    counting.end();
    await once(counting, 'finish');
  } else {
    const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of rl) {
      const rec = JSON.parse(line) as { id: unknown; text: string };
      const out = {
        id: rec.id,
        lang: 'ru',
        kind: 'incident',
        topic: 'water',
        sentiment: 'negative',
        district: rec.text.length % 2 ? 'taraz' : null,
        urgency: 'normal',
        confidence: { kind: 0.93, topic: 0.9, sentiment: 0.88, district: 0.95 },
      };
      if (!process.stdout.write(`${JSON.stringify(out)}\n`)) await once(process.stdout, 'drain');
      lines++;
    }
  }
  const cpu = process.cpuUsage(c0);
  const stats: Stats = {
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    startupSeconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    lines,
  };
  writeFileSync(statsFile, JSON.stringify(stats));
}

async function measure(mode: string, input: string, dir: string): Promise<Stats> {
  const statsFile = join(dir, `${mode}.stats.json`);
  const outFile = join(dir, `${mode}.out.jsonl`);
  const inFd = openSync(input, 'r');
  const outFd = openSync(outFile, 'w');
  try {
    const p = spawn(process.execPath, [join(ROOT, 'bin', 'run-ts.mjs'), SELF, '--child', mode, statsFile], {
      cwd: ROOT,
      stdio: [inFd, outFd, 'inherit'],
    });
    const [code] = (await once(p, 'close')) as [number | null];
    if (code !== 0) throw new Error(`${mode} child exited with ${code}`);
  } finally {
    closeSync(inFd);
    closeSync(outFd);
  }
  return JSON.parse(readFileSync(statsFile, 'utf8')) as Stats;
}

const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;

export async function run(messages = 100_000): Promise<Row[]> {
  const texts = corpusFiles('train')
    .flatMap(readJsonl)
    .map((r) => r.text)
    .filter((t): t is string => typeof t === 'string');
  if (texts.length === 0) throw new Error('data/corpus/train has no messages to cycle');
  const dir = mkdtempSync(join(tmpdir(), 'tyndau-bench-classify-'));
  try {
    const input = join(dir, 'in.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < messages; i++)
      lines.push(JSON.stringify({ id: i, text: `${texts[i % texts.length]} ${i}` }));
    writeFileSync(input, `${lines.join('\n')}\n`);
    const base = await measure('baseline', input, dir);
    const cls = await measure('classify', input, dir);
    const whole = await measure('enrich', input, dir);
    if (cls.lines !== messages || base.lines !== messages || whole.lines !== messages) {
      throw new Error(
        `expected ${messages} output lines, got classify ${cls.lines}, enrich ${whole.lines}, baseline ${base.lines}`,
      );
    }
    if (
      readFileSync(join(dir, 'enrich.out.jsonl'), 'utf8') !==
      readFileSync(join(dir, 'classify.out.jsonl'), 'utf8')
    )
      throw new Error('the whole enrichment labelled differently from classify');
    const rate = (s: Stats) => round(messages / s.seconds);
    const cpuRate = (s: Stats) => round(messages / s.cpuSeconds);
    return [
      {
        name: `classify ${messages} messages (wall clock)`,
        value: rate(cls),
        unit: 'messages/s',
        baseline: rate(base),
        ratio: round(rate(cls) / rate(base), 4),
      },
      {
        name: 'classify per CPU second (one core)',
        value: cpuRate(cls),
        unit: 'messages/s',
        baseline: cpuRate(base),
        ratio: round(cpuRate(cls) / cpuRate(base), 4),
      },
      {
        name: 'whole enrichment (enrich() with explanations, PII, address, fingerprint) per CPU second',
        value: cpuRate(whole),
        unit: 'messages/s',
        baseline: cpuRate(base),
        ratio: round(cpuRate(whole) / cpuRate(base), 4),
      },
      {
        name: 'whole enrichment peak RSS',
        value: round(whole.maxRssMb),
        unit: 'MB',
        baseline: round(base.maxRssMb),
        ratio: round(whole.maxRssMb / base.maxRssMb, 2),
      },
      {
        name: 'classify peak RSS',
        value: round(cls.maxRssMb),
        unit: 'MB',
        baseline: round(base.maxRssMb),
        ratio: round(cls.maxRssMb / base.maxRssMb, 2),
      },
      {
        name: 'classify start-up (loading models and gazetteer)',
        value: round(cls.startupSeconds, 2),
        unit: 's',
        baseline: round(base.startupSeconds, 2),
        ratio: round(cls.startupSeconds / base.startupSeconds, 2),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  await child(argv[1]!, argv[2]!);
} else if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const rows = await run(argv[0] ? Number(argv[0]) : undefined);
  process.stdout.write('| benchmark | value | unit | baseline | ratio |\n|---|---:|---|---:|---:|\n');
  for (const r of rows)
    process.stdout.write(`| ${r.name} | ${r.value} | ${r.unit} | ${r.baseline ?? ''} | ${r.ratio ?? ''} |\n`);
}
