import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '@tiptap/react';
import { redo, undo } from 'y-prosemirror';

interface Tool {
  key: string;
  label: string;
  text: string;
  active?: boolean;
  run: () => boolean;
}

/** The editor's toolbar: headings, bold, italic, lists, a table, undo (this device's edits only). */
export function MinutesToolbar({ editor }: { editor: Editor }): ReactElement {
  const { t } = useTranslation();
  const chain = () => editor.chain().focus();
  const inTable = editor.isActive('table');
  const groups: Tool[][] = [
    [
      {
        key: 'p',
        label: t('minutes.toolbar.paragraph'),
        text: '¶',
        active: editor.isActive('paragraph'),
        run: () => chain().setParagraph().run(),
      },
      ...([1, 2, 3] as const).map((level) => ({
        key: `h${level}`,
        label: t(`minutes.toolbar.h${level}`),
        text: `H${level}`,
        active: editor.isActive('heading', { level }),
        run: () => chain().toggleHeading({ level }).run(),
      })),
    ],
    [
      {
        key: 'b',
        label: t('minutes.toolbar.bold'),
        text: 'B',
        active: editor.isActive('bold'),
        run: () => chain().toggleBold().run(),
      },
      {
        key: 'i',
        label: t('minutes.toolbar.italic'),
        text: 'I',
        active: editor.isActive('italic'),
        run: () => chain().toggleItalic().run(),
      },
    ],
    [
      {
        key: 'ul',
        label: t('minutes.toolbar.bullet'),
        text: '•≡',
        active: editor.isActive('bulletList'),
        run: () => chain().toggleBulletList().run(),
      },
      {
        key: 'ol',
        label: t('minutes.toolbar.ordered'),
        text: '1≡',
        active: editor.isActive('orderedList'),
        run: () => chain().toggleOrderedList().run(),
      },
    ],
    [
      {
        key: 'table',
        label: t('minutes.toolbar.table'),
        text: '▦',
        run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      },
      ...(inTable
        ? [
            {
              key: 'row+',
              label: t('minutes.toolbar.addRow'),
              text: '+▭',
              run: () => chain().addRowAfter().run(),
            },
            {
              key: 'row-',
              label: t('minutes.toolbar.deleteRow'),
              text: '−▭',
              run: () => chain().deleteRow().run(),
            },
          ]
        : []),
    ],
    [
      { key: 'undo', label: t('minutes.toolbar.undo'), text: '↶', run: () => undo(editor.state) },
      { key: 'redo', label: t('minutes.toolbar.redo'), text: '↷', run: () => redo(editor.state) },
    ],
  ];
  return (
    <div className="minutes-toolbar" role="toolbar" aria-label={t('minutes.toolbar.label')}>
      {groups.map((group, i) => (
        <div className="minutes-toolbar__group" key={i}>
          {group.map((tool) => (
            <button
              key={tool.key}
              type="button"
              className={`minutes-toolbar__btn minutes-toolbar__btn--${tool.key}`}
              title={tool.label}
              aria-label={tool.label}
              aria-pressed={tool.active === undefined ? undefined : tool.active}
              // Keeps the selection in the editor while the button is pressed.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => tool.run()}
            >
              {tool.text}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}
