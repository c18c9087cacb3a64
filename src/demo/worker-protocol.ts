/** Messages between the page and the demo worker (`worker.ts`). */
import type { DatasetModel } from '../crm/model.ts';
import type { TableName } from '../crm/vocabulary.ts';
import type { DemoOptions } from './index.ts';

export interface DemoRequest {
  options: DemoOptions;
}

export type DemoReply =
  | { ok: true; model: DatasetModel; tables: { name: TableName; ipc: Uint8Array }[] }
  | { ok: false; error: string };
