/**
 * docs/architecture.md is the architecture reference; a move that leaves it naming a file or folder that is gone
 * makes it lie. Every path it names in backticks must exist, and every bare file name (`proposer.ts`) must be the
 * name of a file in the tree.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = [
  'bot/',
  'adapters/',
  'procedures/',
  'dashboard/',
  'tests/',
  'bench/',
  'sql/',
  'docs/',
  'bin/',
  'eval/',
];

function namedInBackticks(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\s]+)`/g)].map((m) => (m[1] as string).replace(/[…]+$/, ''));
}

describe('docs/architecture.md matches the tree', () => {
  const doc = readFileSync('docs/architecture.md', 'utf8');
  const names = namedInBackticks(doc);
  const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const basenames = new Set(tracked.map((f) => basename(f)));

  it('names real paths (the check sees what it checks)', () => {
    expect(names.filter((n) => ROOTS.some((r) => n.startsWith(r))).length).toBeGreaterThan(20);
    expect(names.filter((n) => /^[\w.-]+\.(ts|sql|md)$/.test(n)).length).toBeGreaterThan(10);
  });

  it('every path it names exists', () => {
    const missing = names
      .filter((n) => ROOTS.some((r) => n.startsWith(r)))
      .map((n) => n.replace(/#.*$/, '').replace(/\/$/, ''))
      .filter((n) => !existsSync(n));
    expect(missing).toEqual([]);
  });

  it('every bare file name it uses is a file in the tree', () => {
    const missing = names.filter((n) => /^[\w.-]+\.(ts|sql|md)$/.test(n)).filter((n) => !basenames.has(n));
    expect(missing).toEqual([]);
  });
});
