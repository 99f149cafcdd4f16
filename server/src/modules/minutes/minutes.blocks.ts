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

/** A block of the minutes as the official document prints it (read from the editor's Yjs form). */
export type DocBlock =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string; bold: boolean }
  | { type: 'listItem'; marker: string; depth: number; text: string }
  | { type: 'table'; rows: { header: boolean; cells: string[] }[] };

/** The text of an inline run, and whether every character of it is bold. */
function runOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): { text: string; bold: boolean } {
  if (node instanceof Y.XmlText) {
    const delta = node.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[];
    let text = '';
    let bold = true;
    for (const d of delta) {
      if (typeof d.insert !== 'string') continue;
      text += d.insert;
      if (d.insert.trim() && !d.attributes?.bold) bold = false;
    }
    return { text, bold: bold && text.trim() !== '' };
  }
  if (node instanceof Y.XmlElement) {
    if (node.nodeName === 'hardBreak') return { text: '\n', bold: true };
    const parts = node.toArray().map(runOf);
    const text = parts.map((p) => p.text).join('');
    return { text, bold: parts.every((p) => p.bold || !p.text.trim()) && text.trim() !== '' };
  }
  return { text: '', bold: false };
}

/**
 * The minutes' blocks from the editor's fragment, in order: headings (with their level),
 * paragraphs (bold when all of their text is), list items with their marker ("-" or "1.") and
 * depth, tables row by row. Anything else with text (a quote, code) prints as a paragraph.
 */
export function readBlocks(fragment: Y.XmlFragment): DocBlock[] {
  const out: DocBlock[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook, depth: number): void => {
    if (!(node instanceof Y.XmlElement)) {
      const run = runOf(node);
      if (run.text.trim()) out.push({ type: 'paragraph', text: run.text, bold: run.bold });
      return;
    }
    const name = node.nodeName;
    if (name === 'heading') {
      const level = Number(node.getAttribute('level') ?? 1);
      out.push({ type: 'heading', level: Number.isFinite(level) ? level : 1, text: runOf(node).text });
      return;
    }
    if (name === 'paragraph') {
      const run = runOf(node);
      out.push({ type: 'paragraph', text: run.text, bold: run.bold });
      return;
    }
    if (name === 'bulletList' || name === 'orderedList') {
      const start = Number(node.getAttribute('start') ?? 1);
      node.toArray().forEach((item, i) => {
        if (!(item instanceof Y.XmlElement)) return;
        const marker = name === 'orderedList' ? `${(Number.isFinite(start) ? start : 1) + i}.` : '-';
        let first = true;
        for (const child of item.toArray()) {
          if (
            child instanceof Y.XmlElement &&
            (child.nodeName === 'bulletList' || child.nodeName === 'orderedList')
          ) {
            walk(child, depth + 1);
            continue;
          }
          const text = runOf(child).text;
          out.push({ type: 'listItem', marker: first ? marker : '', depth, text });
          first = false;
        }
      });
      return;
    }
    if (name === 'table') {
      const rows = node.toArray().flatMap((row) => {
        if (!(row instanceof Y.XmlElement)) return [];
        const cells = row.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);
        return [
          {
            header: cells.length > 0 && cells.every((c) => c.nodeName === 'tableHeader'),
            cells: cells.map((c) =>
              c
                .toArray()
                .map((p) => runOf(p).text)
                .join('\n'),
            ),
          },
        ];
      });
      if (rows.length) out.push({ type: 'table', rows });
      return;
    }
    if (name === 'horizontalRule') return;
    const children = node.toArray();
    if (children.some((c) => c instanceof Y.XmlElement)) children.forEach((c) => walk(c, depth));
    else {
      const run = runOf(node);
      if (run.text.trim()) out.push({ type: 'paragraph', text: run.text, bold: run.bold });
    }
  };
  for (const node of fragment.toArray()) walk(node, 0);
  return out;
}
