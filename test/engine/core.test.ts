// The engine's crash handling on stand-in drivers: which errors mean the database is gone, that
// a crash is reported once and the next call starts a new database, and that a worker dying
// while it starts is a failed start, not a crash (no restart loop).
import { describe, expect, it } from 'vitest';
import { Table } from 'apache-arrow';
import { createEngine, isFatal, type Driver } from '../../src/engine/core.ts';
import { EngineCrashed, EngineError } from '../../src/engine/types.ts';

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Drivers whose `query` answers with `answer(sql)`; records how many were started. */
function harness(answer: (sql: string, n: number) => Promise<Table>) {
  const crashes: string[] = [];
  const drivers: { crashed: (r: string) => void; closed: boolean }[] = [];
  const engine = createEngine(
    async (crashed) => {
      const rec = { crashed, closed: false };
      drivers.push(rec);
      const n = drivers.length;
      return {
        query: (sql) => answer(sql, n),
        exec: async () => undefined,
        close: async () => {
          rec.closed = true;
        },
        cancel: async () => undefined,
      } as Partial<Driver> as Driver;
    },
    { onCrash: (r) => crashes.push(r) },
  );
  return { engine, crashes, drivers };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

describe('engine crash handling', () => {
  it('tells fatal errors from ordinary ones', () => {
    expect(isFatal(named('RuntimeError', 'Aborted(OOM). Build with -sASSERTIONS'))).toBe(true);
    expect(isFatal(named('RuntimeError', 'memory access out of bounds'))).toBe(true);
    expect(isFatal(new WebAssembly.RuntimeError('unreachable'))).toBe(true);
    expect(
      isFatal(
        new Error(
          'FATAL Error: Failed: database has been invalidated because of a previous fatal error',
        ),
      ),
    ).toBe(true);
    expect(
      isFatal(new Error('INTERNAL Error: Attempted to access index 3 within vector of size 3')),
    ).toBe(true);
    expect(isFatal(new Error('Binder Error: Referenced column "x" not found'))).toBe(false);
    expect(
      isFatal(new Error('Out of Memory Error: could not allocate block of size 256 KiB')),
    ).toBe(false);
    expect(isFatal(new Error('INTERRUPT Error: Interrupted!'))).toBe(false);
    expect(isFatal('RuntimeError')).toBe(false);
  });

  it('a wasm abort in a query: EngineCrashed, onCrash once, the old driver closed, a new one next', async () => {
    const { engine, crashes, drivers } = harness(async (sql, n) => {
      if (sql === 'boom' && n === 1) throw named('RuntimeError', 'Aborted(OOM)');
      return new Table();
    });
    await engine.query('SELECT 1');
    const e = await rejection(engine.query('boom'));
    expect(e).toBeInstanceOf(EngineCrashed);
    expect((e as EngineCrashed).reason).toBe('Aborted(OOM)');
    expect((e as EngineCrashed).sql).toBe('boom');
    expect(crashes).toEqual(['Aborted(OOM)']);
    await engine.query('boom');
    expect(drivers).toHaveLength(2);
    expect(drivers[0]!.closed).toBe(true);
    expect(crashes).toHaveLength(1);
  });

  it('an ordinary error keeps the database', async () => {
    const { engine, crashes, drivers } = harness(async (sql) => {
      if (sql === 'bad') throw new Error('Parser Error: syntax error');
      return new Table();
    });
    const e = await rejection(engine.query('bad'));
    expect(e).toBeInstanceOf(EngineError);
    expect(e).not.toBeInstanceOf(EngineCrashed);
    await engine.query('SELECT 1');
    expect(drivers).toHaveLength(1);
    expect(crashes).toEqual([]);
  });

  it('a crash the driver reports fails the call in flight and the calls queued behind it', async () => {
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const inFlight = new Promise<void>((r) => (reached = r));
    const { engine, crashes, drivers } = harness((sql) => {
      if (sql !== 'slow') return Promise.resolve(new Table());
      reached();
      return new Promise((_, reject) => (release = () => reject(new Error('worker gone'))));
    });
    await engine.start();
    const slow = rejection(engine.query('slow'));
    const queued = rejection(engine.query('SELECT 2'));
    await inFlight;
    drivers[0]!.crashed('worker error: out of memory');
    release();
    for (const e of [await slow, await queued]) {
      expect(e).toBeInstanceOf(EngineCrashed);
      expect((e as EngineCrashed).reason).toBe('worker error: out of memory');
    }
    expect(crashes).toEqual(['worker error: out of memory']);
    await engine.query('SELECT 3');
    expect(drivers).toHaveLength(2);
  });

  it('a worker dying while it starts is a failed start, not a crash', async () => {
    let attempts = 0;
    const crashes: string[] = [];
    const engine = createEngine(
      async (crashed) => {
        attempts++;
        crashed('load error');
        throw new Error('worker script 404');
      },
      { onCrash: (r) => crashes.push(r) },
    );
    const e = await rejection(engine.query('SELECT 1'));
    expect(e).toBeInstanceOf(EngineError);
    expect((e as Error).message).toMatch(/failed to start: worker script 404/);
    expect(crashes).toEqual([]);
    expect(attempts).toBe(1);
  });
});
