// The ingest client's lifelines with real workers in Chromium: a worker whose script throws, and
// the real ingest worker terminated in the middle of a job, both fail the job with a message
// instead of leaving it waiting; the client then works again with a fresh worker.
import { describe, expect, it } from 'vitest';
import { createIngestClient, IngestError } from '../../../src/state/dataset/ingest-client.ts';
import { english } from '../../../src/lib/message.ts';

const realWorker = () =>
  new Worker(new URL('../../../src/ingest/worker/worker.ts', import.meta.url), { type: 'module' });

const file = () => ({
  name: 'deals.csv',
  blob: new Blob(['id,amount,stage\n1,10,won\n2,20,lost\n'], { type: 'text/csv' }),
});

async function failure(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(IngestError);
  return english((e as IngestError).msg);
}

describe('ingest client with real workers', () => {
  it('a worker script that throws fails the job with the error', async () => {
    const client = createIngestClient({
      makeWorker: () =>
        new Worker(new URL('../../fixtures/workers/throws-on-load.ts', import.meta.url), {
          type: 'module',
        }),
    });
    const text = await failure(client.inspect([file()], {}));
    expect(text).toMatch(/^import worker failed: .*broken worker script/);
  });

  it('the ingest worker terminated mid-job fails the job; the next job runs on a new worker', async () => {
    const made: Worker[] = [];
    const client = createIngestClient({
      makeWorker: () => {
        const w = realWorker();
        made.push(w);
        return w;
      },
      silenceMs: 1500,
    });
    const job = client.inspect([file()], {});
    made[0]!.terminate();
    expect(await failure(job)).toBe('import worker failed: it stopped answering (nothing for 2 s)');
    const inspection = await client.inspect([file()], {});
    expect(made).toHaveLength(2);
    expect(inspection.tables).toHaveLength(1);
    expect(inspection.errors).toEqual([]);
  });
});
