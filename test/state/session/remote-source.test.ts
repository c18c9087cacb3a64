/**
 * A dataset on a server (a loader with `remote`): its engine runs the reports, not the tab's, and
 * the compilers print its dialect; another dataset brings the tab's engine back. Loads run one at
 * a time, so a server connected while the demo still loads is what stays shown.
 */
import { tableFromArrays, type Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../src/demo/index.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { DataSource, type DatasetLoader } from '../../../src/state/session/data-source.svelte.ts';

const { model } = generateDemo({ deals: 50 });

function fake(name: string, dialect?: 'clickhouse'): Engine & { ran: string[] } {
  const ran: string[] = [];
  const answer = async (sql: string): Promise<Table> => {
    ran.push(sql);
    return tableFromArrays({ who: [name] });
  };
  return {
    ...(dialect ? { dialect } : {}),
    ran,
    query: answer,
    exec: async (sql) => void ran.push(sql),
    insertArrow: async () => undefined,
    registerFile: async () => '',
    dropFile: async () => undefined,
    cancel: async () => undefined,
    close: async () => undefined,
  };
}

describe('DataSource with a remote engine', () => {
  it('runs on the server while its dataset is shown, on the tab again after', async () => {
    const local = fake('tab');
    const server = fake('server', 'clickhouse');
    let created = 0;
    let release!: () => void;
    const slowDemo = new Promise<void>((r) => (release = r));
    const data = new DataSource(
      {
        createEngine: () => (created++, local),
        loadDemo: async () => (await slowDemo, model),
      },
      () => 'en',
      () => undefined,
    );
    const demo = data.load(null);
    const remote: DatasetLoader = Object.assign(async () => ({ ...model, id: 'on-server' }), {
      remote: server,
    });
    const connected = data.load(remote);
    release();
    await Promise.all([demo, connected]);
    // The demo finished first, then the server's dataset: that is what is shown.
    expect(data.model?.id).toBe('on-server');
    expect(data.remote).toBe(server);
    expect(data.dialect).toBe('clickhouse');
    expect(data.isDemo).toBe(false);
    const before = local.ran.length;
    const t = await data.run({ sql: 'SELECT 1' });
    expect(t.get(0)?.toJSON()).toEqual({ who: 'server' });
    expect(local.ran.length).toBe(before);

    await data.load(null);
    expect(data.remote).toBeNull();
    expect(data.dialect).toBe('duckdb');
    expect((await data.run({ sql: 'SELECT 2' })).get(0)?.toJSON()).toEqual({ who: 'tab' });
    expect(created).toBe(1);
  });

  it('a server dataset alone never starts the tab’s engine', async () => {
    let created = 0;
    const data = new DataSource(
      { createEngine: () => (created++, fake('tab')), loadDemo: async () => model },
      () => 'en',
      () => undefined,
    );
    await data.load(Object.assign(async () => model, { remote: fake('server', 'clickhouse') }));
    expect(created).toBe(0);
    expect((await data.run({ sql: 'SELECT 1' })).get(0)?.toJSON()).toEqual({ who: 'server' });
  });
});
