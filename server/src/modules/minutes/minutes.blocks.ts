import * as Y from 'yjs';

/**
 * A small block model of rich text, written into (and read out of) the Yjs form y-prosemirror
 * uses for a TipTap document: elements named after the editor's nodes (`heading` with `level`,
 * `paragraph`, `bulletList` > `listItem` > `paragraph`, `table` > `tableRow` > `tableHeader` /
 * `tableCell` > `paragraph`), text in Y.XmlText with marks as formatting attributes (`bold: {}`).
 */
export type Inline = string | { text: string; bold?: boolean; italic?: boolean };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: Inline[] }
  | { type: 'paragraph'; text: Inline[] }
  | { type: 'bulletList'; items: Inline[][] }
  | { type: 'table'; header: string[]; rows: string[][] };

function paragraph(text: Inline[], name = 'paragraph', attrs: Record<string, unknown> = {}): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
  const xt = new Y.XmlText();
  el.insert(0, [xt]);
  let at = 0;
  for (const part of text) {
    const p = typeof part === 'string' ? { text: part } : part;
    if (!p.text) continue;
    const marks: Record<string, object> = {};
    if (p.bold) marks.bold = {};
    if (p.italic) marks.italic = {};
    xt.insert(at, p.text, marks);
    at += p.text.length;
  }
  return el;
}

function cell(name: 'tableHeader' | 'tableCell', text: string): Y.XmlElement {
  const el = new Y.XmlElement(name);
  el.setAttribute('colspan', 1 as unknown as string);
  el.setAttribute('rowspan', 1 as unknown as string);
  el.insert(0, [paragraph([text])]);
  return el;
}

function element(block: Block): Y.XmlElement {
  switch (block.type) {
    case 'heading':
      return paragraph(block.text, 'heading', { level: block.level });
    case 'paragraph':
      return paragraph(block.text);
    case 'bulletList': {
      const list = new Y.XmlElement('bulletList');
      list.insert(
        0,
        block.items.map((item) => {
          const li = new Y.XmlElement('listItem');
          li.insert(0, [paragraph(item)]);
          return li;
        }),
      );
      return list;
    }
    case 'table': {
      const table = new Y.XmlElement('table');
      const row = (cells: string[], name: 'tableHeader' | 'tableCell') => {
        const tr = new Y.XmlElement('tableRow');
        tr.insert(
          0,
          cells.map((c) => cell(name, c)),
        );
        return tr;
      };
      table.insert(0, [row(block.header, 'tableHeader'), ...block.rows.map((r) => row(r, 'tableCell'))]);
      return table;
    }
  }
}

/** Appends the blocks to the fragment (in the caller's transaction). */
export function writeBlocks(fragment: Y.XmlFragment, blocks: Block[]): void {
  fragment.insert(fragment.length, blocks.map(element));
}

const BLOCKS = new Set(['paragraph', 'heading', 'tableRow', 'codeBlock', 'blockquote', 'horizontalRule']);

/**
 * The document's text, a line per paragraph, heading, list item or table row (cells joined by
 * " | "), list items prefixed with "• ": what two versions are compared on.
 */
export function blocksText(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  const inline = (node: Y.XmlElement | Y.XmlText | Y.XmlHook): string => {
    if (node instanceof Y.XmlText) {
      const delta = node.toDelta() as { insert?: unknown }[];
      return delta.map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
    }
    if (node instanceof Y.XmlElement) {
      if (node.nodeName === 'hardBreak') return ' ';
      return node
        .toArray()
        .map((c) => inline(c))
        .join(' ');
    }
    return '';
  };
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook, prefix: string): void => {
    if (!(node instanceof Y.XmlElement)) return;
    const name = node.nodeName;
    if (name === 'tableRow') {
      lines.push(
        node
          .toArray()
          .map((c) => inline(c).trim())
          .join(' | '),
      );
      return;
    }
    if (BLOCKS.has(name)) {
      const text = inline(node);
      lines.push(name === 'heading' ? text : prefix + text);
      return;
    }
    const childPrefix = name === 'listItem' ? '' : prefix;
    const children = node.toArray();
    children.forEach((c, i) => walk(c, name === 'listItem' && i === 0 ? '• ' : childPrefix));
  };
  for (const node of fragment.toArray()) walk(node, '');
  return lines.join('\n');
}
