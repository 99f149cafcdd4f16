import { useId, type ReactElement, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Annotation } from '@icabinet/shared';
import { GRID, removeAnnotations, type Tool } from './annotations.model';
import { AnnotationIcon } from './AnnotationIcon';
import { useBoxDrag, type BoxTarget } from './useBoxDrag';
import { LOCAL_ORIGIN, type LayerHandle } from './useAnnotationLayer';

/** Default text size of a text box, in grid units of the page height. */
export const TEXT_SIZE = 180;
/** The content model's limit on a note's or text box's text. */
export const MAX_TEXT = 5000;

/** The note or text box whose text is being edited. */
export interface Editing {
  layer: LayerHandle;
  id: string;
  kind: 'note' | 'text';
  draft: string;
}

const pct = (units: number): string => `${(units / GRID) * 100}%`;

/**
 * The text boxes and sticky notes of one page, over its ink. On the layer I write, a tap edits
 * them; with the plain view or the tool that makes them, a drag moves them (a text box's corner
 * handle resizes it) and the arrow keys nudge the focused one. Elsewhere on the page the pointer
 * goes on to scrolling, swiping and text selection.
 */
export function AnnotationBoxes({
  page,
  shown,
  active,
  tool,
  pageHeight,
  root,
  editing,
  onEdit,
  onCommit,
}: {
  page: number;
  shown: readonly { layer: LayerHandle; annotations: readonly Annotation[] }[];
  /** The layer I write (null: none now). */
  active: LayerHandle | null;
  tool: Tool;
  /** The page's height in CSS pixels (text sizes are relative to it). */
  pageHeight: number;
  /** The page's layer, whose size turns pixels into grid units. */
  root: RefObject<HTMLElement | null>;
  editing: Editing | null;
  onEdit: (editing: Editing | null) => void;
  /** Saves the text being edited (an empty one removes its note or box). */
  onCommit: (close: boolean) => void;
}): ReactElement {
  const { t } = useTranslation();
  const hintId = useId();
  // Text boxes and notes are moved with the plain view and with the tools that make them.
  const arranging = tool === 'select' || tool === 'text' || tool === 'note';
  const boxes = useBoxDrag({
    page,
    root,
    onTap: ({ layer, annotation: a }) => {
      // A tap on a text box edits it; a note's pin opens on its click.
      if (a.kind === 'text') onEdit({ layer, id: a.id, kind: 'text', draft: a.text });
    },
  });
  const writable = (layer: LayerHandle) => layer === active;

  return (
    <>
      <span id={`${hintId}-text`} className="visually-hidden">
        {t('annotations.move.textHint')}
      </span>
      <span id={`${hintId}-note`} className="visually-hidden">
        {t('annotations.move.noteHint')}
      </span>
      {shown.map(({ layer, annotations }) =>
        annotations.map((a) => {
          const movable = arranging && writable(layer);
          const target: BoxTarget | null =
            a.kind === 'text' || a.kind === 'note' ? { layer, annotation: a } : null;
          if (a.kind === 'text' && target) {
            const isEditing = editing?.id === a.id;
            const style = {
              left: pct(a.rects[0]),
              top: pct(a.rects[1]),
              width: pct(a.rects[2]),
              minHeight: pct(a.rects[3]),
              color: a.color,
              fontSize: `${Math.max(10, ((a.fontSize ?? TEXT_SIZE) / GRID) * pageHeight)}px`,
            };
            return isEditing ? (
              <textarea
                key={a.id}
                className="ann-text ann-text--editing"
                style={style}
                aria-label={t('annotations.textEditor')}
                autoFocus
                maxLength={MAX_TEXT}
                value={editing.draft}
                onPointerDown={(e) => e.stopPropagation()}
                onKeyDown={(e) => e.stopPropagation()}
                onChange={(e) => onEdit({ ...editing, draft: e.target.value })}
                onBlur={() => onCommit(true)}
              />
            ) : (
              <div
                key={a.id}
                className={movable ? 'ann-text is-movable' : 'ann-text'}
                data-id={a.id}
                data-layer={layer.layer}
                style={style}
                {...(movable && {
                  role: 'button',
                  tabIndex: 0,
                  'aria-label': t('annotations.move.textBox', { text: a.text }),
                  'aria-describedby': `${hintId}-text`,
                })}
                onPointerDown={(e) => {
                  if (movable) return boxes.start(e, target, 'move', e.currentTarget);
                  if (!writable(layer) || tool === 'eraser') return;
                  e.stopPropagation();
                  onEdit({ layer, id: a.id, kind: 'text', draft: a.text });
                }}
                onKeyDown={(e) => {
                  if (!movable || boxes.nudge(e, target)) return;
                  if (e.key !== 'Enter' && e.key !== ' ') return;
                  e.preventDefault();
                  e.stopPropagation();
                  onEdit({ layer, id: a.id, kind: 'text', draft: a.text });
                }}
              >
                {a.text}
                {movable && (
                  <span
                    className="ann-text__handle"
                    data-handle="resize"
                    aria-hidden="true"
                    onPointerDown={(e) => boxes.start(e, target, 'resize', e.currentTarget.parentElement!)}
                  />
                )}
              </div>
            );
          }
          if (a.kind === 'note' && target) {
            const open = editing?.id === a.id;
            return (
              <div
                key={a.id}
                className="ann-note"
                data-layer={layer.layer}
                style={{ left: pct(a.points[0]), top: pct(a.points[1]) }}
              >
                <button
                  type="button"
                  className={movable ? 'ann-note__pin is-movable' : 'ann-note__pin'}
                  data-id={a.id}
                  style={{ background: a.color }}
                  aria-label={t('annotations.noteLabel', { text: a.text || t('annotations.noteEmpty') })}
                  aria-describedby={movable ? `${hintId}-note` : undefined}
                  aria-expanded={open}
                  onPointerDown={(e) => {
                    // Erasing a note is a tap on it; otherwise the tap opens it, and a drag moves it.
                    if (tool === 'eraser') return;
                    if (movable) return boxes.start(e, target, 'move', e.currentTarget.parentElement!);
                    e.stopPropagation();
                  }}
                  onKeyDown={(e) => {
                    if (movable) boxes.nudge(e, target);
                  }}
                  onClick={() => {
                    if (boxes.swallowClick()) return;
                    if (open) onCommit(true);
                    else onEdit({ layer, id: a.id, kind: 'note', draft: a.text });
                  }}
                >
                  <AnnotationIcon name="note" size={22} />
                </button>
                {open && (
                  <div
                    className="ann-note__popover"
                    onPointerDown={(e) => e.stopPropagation()}
                    onKeyDown={(e) => e.stopPropagation()}
                  >
                    {writable(layer) ? (
                      <>
                        <textarea
                          className="input ann-note__text"
                          aria-label={t('annotations.noteEditor')}
                          autoFocus
                          maxLength={MAX_TEXT}
                          rows={4}
                          value={editing.draft}
                          onChange={(e) => onEdit({ ...editing, draft: e.target.value })}
                        />
                        <div className="ann-note__actions">
                          <button
                            type="button"
                            className="btn btn--ghost"
                            onClick={() => {
                              removeAnnotations(layer.doc, page, [a.id], LOCAL_ORIGIN);
                              onEdit(null);
                            }}
                          >
                            {t('annotations.remove')}
                          </button>
                          <button type="button" className="btn btn--primary" onClick={() => onCommit(true)}>
                            {t('annotations.done')}
                          </button>
                        </div>
                      </>
                    ) : (
                      <p className="ann-note__read">{a.text}</p>
                    )}
                  </div>
                )}
              </div>
            );
          }
          return null;
        }),
      )}
    </>
  );
}
