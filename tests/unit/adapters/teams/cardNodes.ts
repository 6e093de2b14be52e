/** Walks Adaptive Card JSON for the Teams card tests. */

// biome-ignore lint/suspicious/noExplicitAny: walking card JSON
export type Node = any;

/** Every element of `type` anywhere in `node`; with `fallbacks: false`, not inside an element's fallback. */
export function nodesOfType(node: Node, type: string, opts: { fallbacks?: boolean } = {}): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (n.type === type) out.push(n);
    for (const [k, v] of Object.entries(n)) if (opts.fallbacks !== false || k !== 'fallback') walk(v);
  };
  walk(node);
  return out;
}
