/**
 * Guesses the delimiter and quote of delimited text by trying each candidate on a sample and
 * keeping the one that splits the most lines into the same, largest number of fields.
 */
import { isCsvError, parseCsv, type CsvOptions } from './csv.ts';

const DELIMITERS = [',', ';', '\t', '|'] as const;
/** The sample's length: the start of the text, cut at its last line end. */
export const SNIFF_CHARS = 64 * 1024;
const SAMPLE_RECORDS = 50;

export interface Sniffed extends CsvOptions {
  /** Characters to skip before the header (Excel's `sep=;` line). */
  skip: number;
}

/** Detects `sep=X` first lines, then scores delimiters by consistency of field counts. */
export function sniffCsv(text: string): Sniffed {
  const sep = /^sep=(.)\r?\n/.exec(text);
  if (sep) return { delimiter: sep[1]!, quote: '"', skip: sep[0].length };
  const sample = cutAtLine(text.slice(0, SNIFF_CHARS), text.length > SNIFF_CHARS);
  const quote = sniffQuote(sample);
  let best: { delimiter: string; score: number } = { delimiter: ',', score: -1 };
  for (const delimiter of DELIMITERS) {
    const counts: number[] = [];
    for (const r of parseCsv(sample, { delimiter, quote })) {
      counts.push(isCsvError(r) ? -1 : r.fields.length);
      if (counts.length >= SAMPLE_RECORDS) break;
    }
    const score = consistency(counts);
    if (score > best.score) best = { delimiter, score };
  }
  return { delimiter: best.delimiter, quote, skip: 0 };
}

/** Fields per record × share of records with the modal count; single-column files score 0. */
function consistency(counts: number[]): number {
  if (counts.length === 0) return 0;
  const freq = new Map<number, number>();
  for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
  let mode = 0;
  let modeFreq = 0;
  for (const [c, f] of freq)
    if (f > modeFreq || (f === modeFreq && c > mode)) [mode, modeFreq] = [c, f];
  if (mode <= 1) return 0;
  // The header must agree, or a delimiter found only inside values would win.
  const headerAgrees = counts[0] === mode ? 1 : 0.5;
  return (modeFreq / counts.length) * headerAgrees * Math.log2(mode + 1);
}

/** Single quotes only when they wrap fields and double quotes never appear. */
function sniffQuote(sample: string): string {
  if (sample.includes('"')) return '"';
  const wrapped = sample.match(/(^|[,;\t|])'[^'\n]*'(?=[,;\t|\r\n]|$)/gm)?.length ?? 0;
  return wrapped >= 2 ? "'" : '"';
}

function cutAtLine(sample: string, truncated: boolean): string {
  if (!truncated) return sample;
  const nl = sample.lastIndexOf('\n');
  return nl > 0 ? sample.slice(0, nl + 1) : sample;
}
