import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaChanged, AgendaItem, Meeting, MeetingDocument } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { AgendaItemDialog } from './AgendaItemDialog';
import { AgendaRow, useAgendaDrag } from './AgendaRow';
import { agendaNumbers, canIndent, indent, moveBy, outdent, sameOrder } from './agenda-order';
import { DocumentList } from './DocumentList';
import { agendaApi, documentsApi } from './meetings.api';
import { UploadDialog } from './UploadDialog';
import { applyDocumentsChange } from './documents-patch';
import { useMeetingRoom } from './useMeetingRoom';

type Modal =
  | { kind: 'none' }
  | { kind: 'add' }
  | { kind: 'edit'; item: AgendaItem }
  | { kind: 'remove'; item: AgendaItem }
  | { kind: 'upload'; item: AgendaItem | null };

/** Planned minutes against the meeting slot, as a bar that turns red when the agenda overruns. */
export function SlotBar({ planned, slot }: { planned: number; slot: number }): ReactElement {
  const { t } = useTranslation();
  const over = planned - slot;
  const ratio = slot > 0 ? Math.min(planned / slot, 1) : planned > 0 ? 1 : 0;
  return (
    <div className={over > 0 ? 'slot slot--over' : 'slot'}>
      <div className="slot__text">
        <strong>{t('agenda.total', { planned: String(planned), slot: String(slot) })}</strong>
        <span>{over > 0 ? t('agenda.over', { count: over }) : t('agenda.remaining', { count: -over })}</span>
      </div>
      <div
        className="slot__track"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={Math.max(slot, planned)}
        aria-valuenow={planned}
        aria-label={t('agenda.total', { planned: String(planned), slot: String(slot) })}
      >
        <div className="slot__fill" style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  );
}

/** The agenda builder (drag, keys, buttons) with each item's documents and the meeting's own. */
export function AgendaTab({ meeting, canEdit }: { meeting: Meeting; canEdit: boolean }): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const loadAgenda = useCallback((signal: AbortSignal) => agendaApi.get(meeting.id, signal), [meeting.id]);
  const agenda = useResource(loadAgenda);
  const loadDocs = useCallback((signal: AbortSignal) => documentsApi.list(meeting.id, signal), [meeting.id]);
  const docs = useResource(loadDocs);
  const [order, setOrder] = useState<AgendaItem[]>([]);
  const [version, setVersion] = useState(0);
  const [modal, setModal] = useState<Modal>({ kind: 'none' });
  const [notice, setNotice] = useState<AgendaChanged | null>(null);
  const [announce, setAnnounce] = useState('');
  const [saving, setSaving] = useState(false);
  const versionRef = useRef(0);

  useEffect(() => {
    if (!agenda.data) return;
    setOrder(agenda.data.items);
    setVersion(agenda.data.version);
    versionRef.current = agenda.data.version;
  }, [agenda.data]);

  useMeetingRoom(meeting.id, {
    onAgendaChanged: (p) => {
      // Our own change comes back too; only someone else's deserves a notice.
      if (p.version <= versionRef.current) return;
      setNotice(p);
      agenda.reload();
    },
    onDocumentsChanged: (p) => {
      const current = docs.data?.items;
      const next = current ? applyDocumentsChange(current, p) : null;
      if (next) docs.mutate((d) => ({ ...d, items: next }));
      else docs.reload();
    },
  });

  const byItem = useMemo(() => {
    const map = new Map<string | null, MeetingDocument[]>();
    for (const d of docs.data?.items ?? []) {
      const key = d.agendaItemId;
      map.set(key, [...(map.get(key) ?? []), d]);
    }
    return map;
  }, [docs.data]);
  const numbers = useMemo(() => agendaNumbers(order), [order]);
  const byId = useMemo(() => new Map(order.map((i) => [i.id, i])), [order]);
  const editable = canEdit && !saving;

  const conflict = () => {
    toast.show('error', t('agenda.conflict'));
    setModal({ kind: 'none' });
    agenda.reload();
  };

  const commit = async (next: AgendaItem[], movedId: string) => {
    const before = order;
    if (sameOrder(before, next)) return;
    setOrder(next);
    const position = agendaNumbers(next).get(movedId) ?? '';
    setAnnounce(t('agenda.moved', { title: byId.get(movedId)?.title ?? '', position }));
    setSaving(true);
    try {
      const saved = await agendaApi.reorder(meeting.id, {
        agendaVersion: versionRef.current,
        items: next.map((i) => ({ id: i.id, parentId: i.parentId })),
      });
      versionRef.current = saved.version;
      setVersion(saved.version);
      setOrder(saved.items);
    } catch (e) {
      setOrder(before);
      if (e instanceof ApiError && e.code === 'conflict') conflict();
      else toast.show('error', errorText(e, t));
    } finally {
      setSaving(false);
    }
  };

  const drag = useAgendaDrag(order, setOrder, (next, id) => void commit(next, id), editable);

  // Moving a list item re-inserts its DOM node, which drops the focus; put it back where it was.
  const refocus = useRef<{ id: string; action: string } | null>(null);
  useEffect(() => {
    const target = refocus.current;
    if (!target) return;
    const el = document.querySelector<HTMLElement>(
      `[data-agenda-id="${CSS.escape(target.id)}"] [data-action="${target.action}"]`,
    );
    if (el && document.activeElement !== el) el.focus();
  }, [order]);

  const onKey = (item: AgendaItem, key: string, action = 'handle'): boolean => {
    if (saving) return ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(key);
    refocus.current = { id: item.id, action };
    const next =
      key === 'ArrowUp'
        ? moveBy(order, item.id, -1)
        : key === 'ArrowDown'
          ? moveBy(order, item.id, 1)
          : key === 'ArrowRight'
            ? indent(order, item.id)
            : key === 'ArrowLeft'
              ? outdent(order, item.id)
              : null;
    if (!next) return false;
    void commit(next, item.id);
    return true;
  };

  if (agenda.status === 'error' && !agenda.data)
    return <ErrorState error={agenda.error} onRetry={agenda.reload} />;
  if (!agenda.data) return <Spinner label={t('common.loading')} />;

  const topLevel = order.filter((i) => i.parentId === null);
  const generalDocs = byItem.get(null) ?? [];

  return (
    <div className="stack">
      {notice && (
        <Alert
          kind="info"
          title={t('agenda.changed', { version: String(notice.version) })}
          action={
            <Button icon="x" variant="ghost" onClick={() => setNotice(null)}>
              {t('common.close')}
            </Button>
          }
        >
          <ul>
            {notice.summary.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </Alert>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>

      <section className="panel" aria-labelledby="agenda-title">
        <div className="panel__head">
          <h2 className="panel__title" id="agenda-title">
            {t('agenda.title')}
          </h2>
          {canEdit && (
            <Button variant="primary" icon="plus" onClick={() => setModal({ kind: 'add' })}>
              {t('agenda.add')}
            </Button>
          )}
        </div>
        <SlotBar planned={agenda.data.plannedTotalMinutes} slot={agenda.data.slotMinutes} />
        {order.length === 0 ? (
          <EmptyState icon="meetings" title={t('agenda.emptyTitle')} text={t('agenda.emptyText')} />
        ) : (
          <>
            {canEdit && (
              <p className="muted agenda-help" id="agenda-help">
                {t('agenda.keyboardHelp')}
              </p>
            )}
            <ol className="agenda" aria-labelledby="agenda-title" aria-busy={saving || undefined}>
              {order.map((item) => (
                <AgendaRow
                  key={item.id}
                  item={item}
                  number={numbers.get(item.id) ?? ''}
                  canEdit={canEdit}
                  disabled={!canEdit}
                  dragging={drag.draggingId === item.id}
                  isFirst={order.filter((i) => i.parentId === item.parentId)[0]?.id === item.id}
                  isLast={order.filter((i) => i.parentId === item.parentId).at(-1)?.id === item.id}
                  canIndent={canIndent(order, item.id)}
                  onHandlePointerDown={(e) => drag.start(e, item)}
                  onHandleKey={(key) => onKey(item, key)}
                  onMove={(key) => onKey(item, key, key)}
                  onEdit={() => setModal({ kind: 'edit', item })}
                  onRemove={() => setModal({ kind: 'remove', item })}
                  onUpload={() => setModal({ kind: 'upload', item })}
                >
                  <DocumentList
                    documents={byItem.get(item.id) ?? []}
                    canEdit={canEdit}
                    onChanged={docs.reload}
                  />
                </AgendaRow>
              ))}
            </ol>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="general-docs">
        <div className="panel__head">
          <h2 className="panel__title" id="general-docs">
            {t('documents.meetingLevel')}
          </h2>
          {canEdit && (
            <Button icon="upload" onClick={() => setModal({ kind: 'upload', item: null })}>
              {t('documents.upload')}
            </Button>
          )}
        </div>
        {docs.status === 'error' && !docs.data ? (
          <ErrorState error={docs.error} onRetry={docs.reload} />
        ) : (
          <DocumentList documents={generalDocs} canEdit={canEdit} onChanged={docs.reload} />
        )}
      </section>

      {(modal.kind === 'add' || modal.kind === 'edit') && (
        <AgendaItemDialog
          meetingId={meeting.id}
          agendaVersion={version}
          item={modal.kind === 'edit' ? modal.item : undefined}
          topLevel={topLevel}
          onClose={() => setModal({ kind: 'none' })}
          onConflict={conflict}
          onSaved={(title, created) => {
            setModal({ kind: 'none' });
            toast.show('success', created ? t('agenda.added', { title }) : t('agenda.saved'));
            agenda.reload();
          }}
        />
      )}
      {modal.kind === 'remove' && (
        <ConfirmDialog
          title={t('agenda.removeTitle')}
          text={t('agenda.removeText', { title: modal.item.title })}
          confirmLabel={t('agenda.remove')}
          danger
          onConfirm={async () => {
            try {
              await agendaApi.remove(meeting.id, modal.item.id, versionRef.current);
            } catch (e) {
              if (e instanceof ApiError && e.code === 'conflict') return conflict();
              throw e;
            }
            toast.show('success', t('agenda.removed', { title: modal.item.title }));
            setModal({ kind: 'none' });
            agenda.reload();
          }}
          onClose={() => setModal({ kind: 'none' })}
        />
      )}
      {modal.kind === 'upload' && (
        <UploadDialog
          meetingId={meeting.id}
          agendaItemId={modal.item?.id ?? null}
          target={
            modal.item
              ? `${numbers.get(modal.item.id) ?? ''}. ${modal.item.title}`
              : t('documents.meetingLevel')
          }
          onClose={() => setModal({ kind: 'none' })}
          onUploaded={() => {
            docs.reload();
            agenda.reload();
          }}
        />
      )}
    </div>
  );
}
