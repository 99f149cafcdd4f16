import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Extension } from '@tiptap/core';
import type { Plugin } from '@tiptap/pm/state';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { MINUTES_FRAGMENT } from '@icabinet/shared';
import type { LayerSync } from '../../lib/collab/layer-sync';
import { colourOf } from './minutes-diff';
import { MinutesToolbar } from './MinutesToolbar';

interface AwareUser {
  id?: string;
  name?: string;
}

/** Another editor's caret with their name, in their colour (the server names every state's `user`). */
function cursorBuilder(user: AwareUser): HTMLElement {
  const colour = colourOf(user.id ?? user.name ?? '');
  const caret = document.createElement('span');
  caret.className = 'minutes-caret';
  caret.style.borderColor = colour;
  const label = document.createElement('span');
  label.className = 'minutes-caret__name';
  label.style.backgroundColor = colour;
  label.textContent = user.name ?? '';
  caret.append(label);
  return caret;
}

/**
 * Binds TipTap (ProseMirror) to the minutes' Y.XmlFragment with y-prosemirror: the document is
 * the Yjs type (ySyncPlugin), other editors' carets come from awareness (yCursorPlugin), and
 * undo only takes back this device's edits (yUndoPlugin).
 */
const Collaboration = Extension.create<{ fragment: Y.XmlFragment | null; awareness: Awareness | null }>({
  name: 'icabinetMinutesCollaboration',
  priority: 1000,
  addOptions() {
    return { fragment: null, awareness: null };
  },
  addProseMirrorPlugins() {
    const { fragment, awareness } = this.options;
    if (!fragment || !awareness) return [];
    // y-prosemirror types some of its plugins as `any`.
    return [
      ySyncPlugin(fragment) as Plugin,
      yCursorPlugin(awareness, { cursorBuilder }) as Plugin,
      yUndoPlugin() as Plugin,
    ];
  },
  addKeyboardShortcuts() {
    return {
      'Mod-z': () => undo(this.editor.state),
      'Mod-y': () => redo(this.editor.state),
      'Mod-Shift-z': () => redo(this.editor.state),
    };
  },
});

/** Names of the other people editing now (their awareness states). */
function usePresence(awareness: Awareness): { id: string; name: string }[] {
  const [people, setPeople] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    const read = () => {
      const seen = new Map<string, string>();
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return;
        const user = (state as { user?: AwareUser }).user;
        if (user?.name) seen.set(user.id ?? user.name, user.name);
      });
      setPeople([...seen].map(([id, name]) => ({ id, name })));
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return people;
}

/** The collaborative editor of the minutes, with its toolbar and who else is writing. */
export function MinutesEditor({
  sync,
  canWrite,
  myName,
}: {
  sync: LayerSync;
  canWrite: boolean;
  myName: string;
}): ReactElement {
  const { t } = useTranslation();
  const people = usePresence(sync.awareness);
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({ undoRedo: false, link: false }),
        TableKit.configure({ table: { resizable: false } }),
        Collaboration.configure({
          fragment: sync.doc.getXmlFragment(MINUTES_FRAGMENT),
          awareness: sync.awareness,
        }),
      ],
      editable: canWrite,
      shouldRerenderOnTransaction: true,
      editorProps: { attributes: { class: 'minutes-doc', 'aria-label': t('minutes.title'), lang: 'vi' } },
    },
    [sync],
  );

  useEffect(() => {
    editor.setEditable(canWrite);
    // Only a writer publishes a caret (the server refuses a reader's awareness).
    if (canWrite) sync.awareness.setLocalState({ user: { name: myName } });
    else sync.awareness.setLocalState(null);
  }, [editor, canWrite, sync, myName]);

  return (
    <div className="minutes-editor">
      <div className="minutes-editor__bar">
        {canWrite && <MinutesToolbar editor={editor} />}
        {/* Only writers publish their caret, so a reader would always see "only you". */}
        {canWrite && (
          <p className="minutes-presence" aria-live="polite">
            {people.length === 0 ? (
              <span className="muted">{t('minutes.noEditors')}</span>
            ) : (
              <>
                <span className="muted">{t('minutes.editors')}</span>
                {people.map((p) => (
                  <span key={p.id} className="minutes-presence__chip" style={{ borderColor: colourOf(p.id) }}>
                    <span className="minutes-presence__dot" style={{ backgroundColor: colourOf(p.id) }} />
                    {p.name}
                  </span>
                ))}
              </>
            )}
          </p>
        )}
      </div>
      <EditorContent editor={editor} className="minutes-editor__page" />
    </div>
  );
}
