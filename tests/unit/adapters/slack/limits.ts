interface LooseBlock {
  type: string;
  text?: { text: string };
  elements: { text: { text: string } & string; value?: string; confirm?: { text: { text: string } } }[];
}

/** Asserts a rendered Slack message obeys Block Kit's limits; returns the list of violations. */
export function violations(blocks: unknown[], maxBlocks = 50): string[] {
  const out: string[] = [];
  if (blocks.length > maxBlocks) out.push(`${blocks.length} blocks > ${maxBlocks}`);
  blocks.forEach((b, i) => {
    const block = b as LooseBlock;
    if (block.type === 'header' && (block.text?.text.length ?? 0) > 150) out.push(`block ${i}: header > 150`);
    if (block.type === 'section' && (block.text?.text.length ?? 0) > 3000)
      out.push(`block ${i}: section > 3000`);
    if (block.type === 'context') {
      if (block.elements.length > 10) out.push(`block ${i}: context elements > 10`);
      for (const e of block.elements)
        if (e.text && e.text.length > 3000) out.push(`block ${i}: context text > 3000`);
    }
    if (block.type === 'actions')
      for (const e of block.elements) {
        if (e.text.text.length > 75) out.push(`block ${i}: button text > 75`);
        if ((e.value ?? '').length > 2000) out.push(`block ${i}: button value > 2000`);
        if (e.confirm && e.confirm.text.text.length > 300) out.push(`block ${i}: confirm text > 300`);
      }
  });
  return out;
}
