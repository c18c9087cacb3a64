export interface LoopbackRequest {
  method: string;
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}
export function authFailedText(user: string, version: string): string;
export function startClickHouse(opts?: {
  user?: string;
  password?: string;
  profile?: Record<string, string>;
  cors?: boolean;
}): Promise<{
  url: string;
  requests: LoopbackRequest[];
  setProfile(profile: Record<string, string>): void;
  sql(text: string, format?: string): Promise<Uint8Array>;
  close(): Promise<void>;
}>;
