import type { Plugin } from 'vite';

export const CSP_DIRECTIVES: Record<string, string[]>;
export const HEADER_ONLY_DIRECTIVES: Record<string, string[]>;
export function cspValue(opts?: { header?: boolean }): string;
export const SECURITY_HEADERS: Record<string, string>;
export const ISOLATION_HEADERS: Record<string, string>;
export function cspPlugin(): Plugin;
