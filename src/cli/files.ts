/**
 * A file the command line names that cannot be read, said in `--lang`: the usual causes in words,
 * others as the system says them; and the JSON files it takes (`--spec`, `--report`).
 */
import { readFile } from 'node:fs/promises';
import { msg, raw, type Message } from '../lib/message.ts';
import { UsageError } from './args.ts';

/** A JSON file named by `option` (`--spec`, `--report`); what is wrong with it is a UsageError. */
export async function readJsonFile(option: string, path: string): Promise<unknown> {
  const at = (problem: Message) => new UsageError(msg('cli_fileAt', { option, path, problem }));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw at(fileProblem(e));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw at(msg('cli_notJson', { reason: (e as Error).message }));
  }
}

/** Why a file could not be opened or read: the usual causes in the language, others as the system says. */
export function fileProblem(e: unknown): Message {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return msg('cli_noSuchFile');
  if (code === 'EISDIR') return msg('cli_isDirectory');
  if (code === 'EACCES') return msg('cli_permission');
  return raw(String((e as Error).message));
}
