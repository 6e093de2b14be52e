/** Layout shared by the generators: the CREATE line, then one option per line indented by two spaces. */

export interface CreateHead {
  orReplace?: boolean;
  ifNotExists?: boolean;
  /** e.g. `STORAGE INTEGRATION`, `FILE FORMAT`, `STAGE`, `EXTERNAL TABLE` */
  objectType: string;
  /** Already-quoted object name. */
  name: string;
}

export function createLine(head: CreateHead): string {
  return [
    'CREATE',
    head.orReplace ? 'OR REPLACE' : undefined,
    head.objectType,
    head.ifNotExists ? 'IF NOT EXISTS' : undefined,
    head.name,
  ]
    .filter((w) => w !== undefined)
    .join(' ');
}

/** Joins the CREATE line (and an optional block such as a column list) with indented option lines. */
export function renderStatement(first: string, options: readonly string[]): string {
  return [first, ...options.map((line) => `  ${line}`)].join('\n');
}

export const bool = (value: boolean): string => (value ? 'TRUE' : 'FALSE');
