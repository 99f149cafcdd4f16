import {
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItem } from '@icabinet/shared';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { moveToIndex, siblingsOf } from './agenda-order';

/**
 * Drag-and-drop with pointer events, so a finger, a pen and a mouse all work the same way. The
 * order changes live under the pointer; the new order is saved once, on release.
 */
export function useAgendaDrag(
  order: readonly AgendaItem[],
  setOrder: (next: AgendaItem[]) => void,
  onDrop: (next: AgendaItem[], id: string) => void,
  enabled: boolean,
): { draggingId: string | null; start: (e: ReactPointerEvent<HTMLElement>, item: AgendaItem) => void } {
  const [draggingId, setDraggingId] = useState<string | null>(null);
  const live = useRef<AgendaItem[]>([...order]);
  const initial = useRef<AgendaItem[]>([]);

  const start = (e: ReactPointerEvent<HTMLElement>, item: AgendaItem) => {
    if (!enabled || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    const handle = e.currentTarget;
    try {
      // Keeps the moves coming to the handle even when the finger leaves it.
      handle.setPointerCapture(e.pointerId);
    } catch {
      // A pointer the browser no longer tracks: the listeners below still work while over it.
    }
    initial.current = [...order];
    live.current = [...order];
    setDraggingId(item.id);

    const move = (ev: PointerEvent) => {
      const siblings = siblingsOf(live.current, item.id).filter((s) => s.id !== item.id);
      // The drop index is the number of siblings whose middle is above the pointer.
      let index = 0;
      for (const s of siblings) {
        const row = document.querySelector<HTMLElement>(
          `[data-agenda-id="${CSS.escape(s.id)}"] > .agenda__row`,
        );
        if (!row) continue;
        const r = row.getBoundingClientRect();
        if (ev.clientY > r.top + r.height / 2) index += 1;
      }
      const current = siblingsOf(live.current, item.id).findIndex((s) => s.id === item.id);
      if (index !== current) {
        live.current = moveToIndex(live.current, item.id, index);
        setOrder(live.current);
      }
    };
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', cancel);
      setDraggingId(null);
      setOrder(initial.current);
      onDrop(live.current, item.id);
    };
    const cancel = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', cancel);
      setDraggingId(null);
      setOrder(initial.current);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', cancel);
  };

  return { draggingId, start };
}

/** One agenda item: drag handle, number, title, presenter, minutes, actions and its documents. */
export function AgendaRow({
  item,
  number,
  canEdit,
  disabled,
  dragging,
  isFirst,
  isLast,
  canIndent,
  onHandlePointerDown,
  onHandleKey,
  onMove,
  onEdit,
  onRemove,
  onUpload,
  children,
}: {
  item: AgendaItem;
  number: string;
  canEdit: boolean;
  disabled: boolean;
  dragging: boolean;
  isFirst: boolean;
  isLast: boolean;
  canIndent: boolean;
  onHandlePointerDown: (e: ReactPointerEvent<HTMLElement>) => void;
  onHandleKey: (key: string) => boolean;
  onMove: (key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight') => void;
  onEdit: () => void;
  onRemove: () => void;
  onUpload: () => void;
  children: ReactNode;
}): ReactElement {
  const { t } = useTranslation();
  const sub = item.parentId !== null;
  return (
    <li
      data-agenda-id={item.id}
      className={['agenda__item', sub ? 'agenda__item--sub' : '', dragging ? 'is-dragging' : ''].join(' ')}
    >
      <div className="agenda__row">
        {canEdit && (
          <button
            type="button"
            className="agenda__handle"
            data-action="handle"
            aria-label={t('agenda.handle', { title: item.title })}
            aria-describedby="agenda-help"
            disabled={disabled}
            onPointerDown={onHandlePointerDown}
            onKeyDown={(e) => {
              if (onHandleKey(e.key)) e.preventDefault();
            }}
          >
            <Icon name="grip" size={24} />
          </button>
        )}
        <span className="agenda__number">{number}</span>
        <span className="agenda__body">
          <span className="agenda__title">{item.title}</span>
          <span className="agenda__meta">
            {item.presenterName && <span>{t('pack.presenter', { name: item.presenterName })}</span>}
            <span className="agenda__minutes">
              <Icon name="clock" size={16} /> {t('agenda.minutesShort', { count: item.plannedMinutes })}
            </span>
          </span>
        </span>
        {canEdit && (
          <span className="agenda__actions">
            <Button
              iconOnly
              icon="arrowUp"
              variant="ghost"
              data-action="ArrowUp"
              disabled={disabled || isFirst}
              onClick={() => onMove('ArrowUp')}
            >
              {`${t('agenda.moveUp')}: ${item.title}`}
            </Button>
            <Button
              iconOnly
              icon="arrowDown"
              variant="ghost"
              data-action="ArrowDown"
              disabled={disabled || isLast}
              onClick={() => onMove('ArrowDown')}
            >
              {`${t('agenda.moveDown')}: ${item.title}`}
            </Button>
            {sub ? (
              <Button
                iconOnly
                icon="outdent"
                variant="ghost"
                data-action="ArrowLeft"
                disabled={disabled}
                onClick={() => onMove('ArrowLeft')}
              >
                {`${t('agenda.outdent')}: ${item.title}`}
              </Button>
            ) : (
              <Button
                iconOnly
                icon="indent"
                variant="ghost"
                data-action="ArrowRight"
                disabled={disabled || !canIndent}
                onClick={() => onMove('ArrowRight')}
              >
                {`${t('agenda.indent')}: ${item.title}`}
              </Button>
            )}
            <Button iconOnly icon="upload" variant="ghost" disabled={disabled} onClick={onUpload}>
              {`${t('documents.upload')}: ${item.title}`}
            </Button>
            <Button iconOnly icon="edit" variant="ghost" disabled={disabled} onClick={onEdit}>
              {`${t('agenda.edit')}: ${item.title}`}
            </Button>
            <Button iconOnly icon="trash" variant="ghost" disabled={disabled} onClick={onRemove}>
              {`${t('agenda.remove')}: ${item.title}`}
            </Button>
          </span>
        )}
      </div>
      <div className="agenda__docs">{children}</div>
    </li>
  );
}
