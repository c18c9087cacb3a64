/**
 * Gets a dataset into the engine for the CLI: the user's files through the same import pipeline
 * as the browser, or the built-in demo.
 */
import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DatasetModel } from '../crm/model.ts';
import { loadDemo } from '../demo/index.ts';
import type { Engine } from '../engine/types.ts';
import {
  importFiles,
  type ImportFile,
  type ImportOptions,
  type ImportReport,
  type PendingFile,
  type Role,
} from '../ingest/index.ts';
import { FILE_KIND, FILE_OPTIONS, UsageError, type FileOption, type ReportArgs } from './args.ts';
import { own } from '../lib/own.ts';
import { msg } from '../lib/message.ts';
import { fileProblem } from './files.ts';

export interface Loaded {
  model: DatasetModel;
  report: ImportReport | null;
}

/** A file's bytes for the import, `--option` naming it in the error when it cannot be read. */
export async function readBytes(option: string, path: string): Promise<Uint8Array> {
  return (await readLater(option, path)).read();
}

/** An opened file whose read is for later: `read` once; `close` when it may never be read. */
export interface LaterRead {
  read: () => Promise<Uint8Array>;
  close: () => Promise<void>;
}

/**
 * Opens a file and gives its read for later. What opening finds (no such file, a directory, no
 * permission) is thrown here, so the files named first are reported first, before any is
 * imported; the read's own error names `--option` and the path too. The CLI opens every file,
 * then the import reads each while it scans and types the one before. The file is open and its
 * size known before, so `read` is one request to Node's thread pool, which goes on while
 * DuckDB-WASM's statements hold the JS thread (a chain of open, stat and read would wait for the
 * JS thread between its steps).
 */
export async function readLater(option: string, path: string): Promise<LaterRead> {
  let fh: FileHandle;
  let st: Stats;
  try {
    fh = await open(path);
  } catch (e) {
    throw unreadable(option, path, e);
  }
  try {
    st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
  } catch (e) {
    await fh.close();
    throw unreadable(option, path, e);
  }
  let bytes: Promise<Uint8Array> | undefined;
  const read = () =>
    (bytes ??= whole(fh, st).then(
      // A view, not `new Uint8Array(b)`: that copied every byte of an export (≈ 20 ms per 58 MB)
      // that nothing else holds. Readers honour byteOffset, as they must for any subarray.
      (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
      (e: unknown) => {
        throw unreadable(option, path, e);
      },
    ));
  const close = async () => {
    if (!bytes) await fh.close();
  };
  return { read, close };
}

function unreadable(option: string, path: string, e: unknown): UsageError {
  return new UsageError(
    msg('cli_fileAt', { option: `--${option}`, path, problem: fileProblem(e) }),
  );
}

/** Past this `readFile` refuses a file with its own message. */
const MAX_READ = 2 ** 31 - 1;

/**
 * A regular file in one `read` of its size, as `readFileSync` reads it, without blocking:
 * `readFile` reads 512 KB at a time, each piece a trip through the thread pool and back (≈ 0.1 s
 * more for the 110 MB of a 300k-deal export), and a piece waits for the JS thread to ask for the
 * next. A pipe or a device, whose size `stat` does not know, goes to `readFile`, which reads to
 * its end.
 */
async function whole(fh: FileHandle, st: Stats): Promise<Buffer> {
  try {
    if (!st.isFile() || st.size > MAX_READ) return await fh.readFile();
    // Shared memory: an engine on another thread (DuckDB-WASM's worker) sees these bytes as
    // they are, where an unshared buffer would be copied or taken from the import.
    const b = Buffer.from(new SharedArrayBuffer(st.size));
    let at = 0;
    while (at < b.length) {
      const { bytesRead } = await fh.read(b, at, b.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    // A file cut while read ends where its bytes ended, as with `readFile`.
    return at < b.length ? b.subarray(0, at) : b;
  } finally {
    await fh.close();
  }
}

/** Reads the files named on the command line and imports them; `--map`, `--won`, `--lost` pass through. */
export async function loadFiles(engine: Engine, args: ReportArgs): Promise<Loaded> {
  const opened: LaterRead[] = [];
  try {
    return await importOpened(engine, args, opened);
  } finally {
    // A file the import did not come to (it failed before) is still open.
    for (const f of opened) await f.close();
  }
}

async function importOpened(
  engine: Engine,
  args: ReportArgs,
  opened: LaterRead[],
): Promise<Loaded> {
  const files: (ImportFile | PendingFile)[] = [];
  const names = new Map<FileOption, string>();
  const later = async (option: string, path: string) => {
    const f = await readLater(option, path);
    opened.push(f);
    return f.read;
  };
  for (const option of FILE_OPTIONS) {
    const path = args.files[option];
    if (!path) continue;
    // Two files may share a base name in different folders; the importer keys maps by name.
    let name = basename(path);
    if ([...names.values()].includes(name)) name = `${option}/${name}`;
    names.set(option, name);
    files.push({ name, read: await later(option, path), kind: FILE_KIND[option] });
  }
  // No kind: the import detects it, and links the files as the page's import does.
  for (const path of args.detect) {
    let name = basename(path);
    for (let k = 2; files.some((f) => f.name === name); k++) name = `file-${k}/${basename(path)}`;
    files.push({ name, read: await later('file', path) });
  }
  for (const path of args.lookups) {
    let name = basename(path);
    for (let k = 2; files.some((f) => f.name === name); k++) name = `lookup-${k}/${basename(path)}`;
    files.push({ name, read: await later('lookup', path), kind: 'lookup' });
  }
  const options: ImportOptions = {};
  if (args.won.length) options.won = args.won;
  if (args.lost.length) options.lost = args.lost;
  for (const m of args.map) {
    if (m.table === 'deals') {
      options.map = { ...options.map, [m.role as Role]: m.column };
      continue;
    }
    const file = names.get(m.table);
    if (!file) throw new UsageError(msg('cli_mapNoFile', { table: m.table, role: m.role }));
    options.maps = {
      ...options.maps,
      [file]: { ...own(options.maps, file), [m.role as Role]: m.column },
    };
  }
  const loaded = await importFiles(engine, files, options);
  // The importer skips a mapping to a column that does not exist; say so instead of failing later.
  const deals = loaded.model.tables.find((t) => t.name === 'deals');
  for (const m of args.map) {
    if (
      m.table === 'deals' &&
      m.role !== 'status' &&
      !deals?.columns.some((c) => c.role === m.role)
    ) {
      throw new UsageError(msg('cli_mapNoColumn', { role: m.role, column: m.column }));
    }
  }
  return loaded;
}

export async function loadData(engine: Engine, args: ReportArgs): Promise<Loaded> {
  if (args.demo) {
    const model = await loadDemo(engine, {
      lang: args.lang,
      ...(args.demoDeals ? { deals: args.demoDeals } : {}),
    });
    return { model, report: null };
  }
  return loadFiles(engine, args);
}
