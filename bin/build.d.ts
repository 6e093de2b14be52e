// Types of bin/build.js (plain JavaScript so that it runs before anything is compiled) for tests and benchmarks.
export const ROOT: string;
export const DIST: string;
export function listSources(root?: string): string[];
export function fingerprint(root?: string, files?: string[]): string;
export function isFresh(root?: string): boolean;
export function hasSources(root?: string): boolean;
export function build(opts?: {
  quiet?: boolean;
  root?: string;
  outDir?: string;
}): Promise<{ files: number; ms: number }>;
export function buildIfStale(opts?: {
  force?: boolean;
  quiet?: boolean;
  root?: string;
}): Promise<{ built: boolean; reason?: string; files?: number; ms?: number }>;
