/**
 * Gets a dataset into the engine for the CLI: the user's files through the same import pipeline
 * as the browser, or the built-in demo.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DatasetModel } from '../crm/model.ts';
import { loadDemo } from '../demo/index.ts';
import type { Engine } from '../engine/types.ts';
import {
  importFiles,
  type ImportFile,
  type ImportOptions,
  type ImportReport,
  type Role,
} from '../ingest/index.ts';
import { FILE_KIND, FILE_OPTIONS, UsageError, type FileOption, type ReportArgs } from './args.ts';
import { own } from '../lib/own.ts';

export interface Loaded {
  model: DatasetModel;
  report: ImportReport | null;
}

/** A file's bytes for the import, `--option` naming it in the error when it cannot be read. */
export async function readBytes(option: string, path: string): Promise<Uint8Array> {
  try {
    const b = await readFile(path);
    // A view, not `new Uint8Array(b)`: that copied every byte of an export (≈ 20 ms per 58 MB)
    // that nothing else holds. Readers honour byteOffset, as they must for any subarray.
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((e as Error).message);
    throw new UsageError(`--${option} ${path}: ${why}`);
  }
}

/** Reads the files named on the command line and imports them; `--map`, `--won`, `--lost` pass through. */
export async function loadFiles(engine: Engine, args: ReportArgs): Promise<Loaded> {
  const files: ImportFile[] = [];
  const names = new Map<FileOption, string>();
  for (const option of FILE_OPTIONS) {
    const path = args.files[option];
    if (!path) continue;
    // Two files may share a base name in different folders; the importer keys maps by name.
    let name = basename(path);
    if ([...names.values()].includes(name)) name = `${option}/${name}`;
    names.set(option, name);
    files.push({ name, bytes: await readBytes(option, path), kind: FILE_KIND[option] });
  }
  for (const path of args.lookups) {
    let name = basename(path);
    for (let k = 2; files.some((f) => f.name === name); k++) name = `lookup-${k}/${basename(path)}`;
    files.push({ name, bytes: await readBytes('lookup', path), kind: 'lookup' });
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
    if (!file) throw new UsageError(`--map ${m.table}.${m.role}: no --${m.table} file given`);
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
      throw new UsageError(
        `--map ${m.role}=${m.column}: the deals file has no usable column '${m.column}'`,
      );
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
