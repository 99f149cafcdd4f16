import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conclusion, ConclusionNotice } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { errorText } from '../../lib/errors';
import { ApiError } from '../../lib/api';
import { useToast } from '../../components/Toast';
import { useMe } from '../auth/auth.context';
import { TaskAssignDialog, type TaskSource } from '../tasks/TaskAssignDialog';
import '../tasks/tasks.css';
import { conclusionsApi } from './conclusions.api';

interface Draft {
  /** The point's id when it was saved before (kept for good), or null for a new one. */
  id: string | null;
  /** A key for React while the point has no id. */
  key: string;
  text: string;
}

let nextKey = 0;
const toDrafts = (c: Conclusion | null): Draft[] =>
  c
    ? c.points.map((p) => ({ id: p.id, key: p.id, text: p.text }))
    : [{ id: null, key: `n${nextKey++}`, text: '' }];

/**
 * One agenda item's conclusions: the numbered points, and for whoever may write them an editor
 * that saves the whole list on the version read (someone else's save in between is a 409, shown
 * with a reload, and the text typed stays in the form).
 */
export function ConclusionItem({
  meetingId,
  itemId,
  label,
  title,
  conclusion,
  canEdit,
  current = false,
  onSaved,
  onReload,
  assigned,
  onAssigned,
}: {
  meetingId: string;
  itemId: string;
  label: string;
  title: string;
  conclusion: Conclusion | null;
  canEdit: boolean;
  current?: boolean;
  onSaved: (saved: { conclusion: Conclusion; notice: ConclusionNotice }) => void;
  onReload: () => void;
  /** Tasks already made from each point (by point id), for the secretariat. */
  assigned?: ReadonlyMap<string, number>;
  onAssigned?: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  // The version the edit started from: a save by someone else meanwhile makes ours a 409, never
  // a silent overwrite, even though the list shown above the form is kept up to date live.
  const [base, setBase] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; stale: boolean } | null>(null);
  const points = conclusion?.points ?? [];
  const { user } = useMe();
  const toast = useToast();
  // The chief of staff's office (secretariat) turns conclusion points into tasks.
  const assigns = user.systemRole === 'admin' || user.systemRole === 'secretary';
  const [assigning, setAssigning] = useState<TaskSource | null>(null);

  const move = (i: number, by: number) =>
    setDrafts((d) => {
      if (!d) return d;
      const next = [...d];
      const [p] = next.splice(i, 1);
      if (p) next.splice(i + by, 0, p);
      return next;
    });

  async function save(): Promise<void> {
    if (!drafts) return;
    if (drafts.length === 0) return setError({ text: t('conclusions.noPoints'), stale: false });
    if (drafts.some((d) => !d.text.trim()))
      return setError({ text: t('conclusions.emptyPoint'), stale: false });
    setBusy(true);
    setError(null);
    try {
      const saved = await conclusionsApi.put(meetingId, itemId, {
        version: base,
        points: drafts.map((d) => (d.id ? { id: d.id, text: d.text } : { text: d.text })),
      });
      setDrafts(null);
      onSaved(saved);
    } catch (err) {
      setError({ text: errorText(err, t), stale: err instanceof ApiError && err.status === 409 });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={current ? 'conclusion is-current' : 'conclusion'} aria-label={`${label}. ${title}`}>
      <header className="conclusion__head">
        <span className="agenda__number">{label}</span>
        <h4 className="conclusion__title">{title}</h4>
        {current && <span className="badge badge--info">{t('conclusions.currentItem')}</span>}
        {canEdit && !drafts && (
          <Button
            icon="edit"
            onClick={() => {
              setBase(conclusion?.version ?? 0);
              setDrafts(toDrafts(conclusion));
            }}
          >
            {conclusion ? t('conclusions.edit') : t('conclusions.write')}
          </Button>
        )}
      </header>
      {!drafts &&
        (points.length === 0 ? (
          <p className="muted">{t('conclusions.itemEmpty')}</p>
        ) : (
          <ol className="conclusion__points">
            {points.map((p, i) => (
              <li key={p.id} data-point-id={p.id}>
                <span className="conclusion__n">
                  {label}.{i + 1}.
                </span>{' '}
                <span className="conclusion__text">
                  {p.text}
                  {assigns && (assigned?.get(p.id) ?? 0) > 0 && (
                    <span className="conclusion__assigned">
                      {t('tasks.assignedCount', { count: assigned?.get(p.id) ?? 0 })}
                    </span>
                  )}
                </span>
                {assigns && (
                  <Button
                    icon="plus"
                    className="conclusion__assign"
                    aria-label={`${t('tasks.assignFromPoint')}: ${label}.${i + 1}`}
                    onClick={() =>
                      setAssigning({
                        meetingId,
                        agendaItemId: itemId,
                        conclusionPointId: p.id,
                        pointText: p.text,
                      })
                    }
                  >
                    {t('tasks.assignFromPoint')}
                  </Button>
                )}
              </li>
            ))}
          </ol>
        ))}
      {drafts && (
        <div className="conclusion__editor">
          {drafts.map((d, i) => (
            <div key={d.key} className="conclusion__row">
              <label className="conclusion__field">
                <span className="conclusion__n">{t('conclusions.point', { n: `${label}.${i + 1}` })}</span>
                <textarea
                  className="input textarea"
                  rows={2}
                  value={d.text}
                  placeholder={t('conclusions.pointPlaceholder')}
                  onChange={(e) =>
                    setDrafts(
                      (all) =>
                        all?.map((x) => (x.key === d.key ? { ...x, text: e.target.value } : x)) ?? null,
                    )
                  }
                />
              </label>
              <div className="conclusion__tools">
                <Button iconOnly icon="arrowUp" disabled={i === 0} onClick={() => move(i, -1)}>
                  {t('conclusions.moveUp', { n: String(i + 1) })}
                </Button>
                <Button
                  iconOnly
                  icon="arrowDown"
                  disabled={i === drafts.length - 1}
                  onClick={() => move(i, 1)}
                >
                  {t('conclusions.moveDown', { n: String(i + 1) })}
                </Button>
                <Button
                  iconOnly
                  icon="trash"
                  variant="ghost"
                  onClick={() => setDrafts((all) => all?.filter((x) => x.key !== d.key) ?? null)}
                >
                  {t('conclusions.removePoint', { n: String(i + 1) })}
                </Button>
              </div>
            </div>
          ))}
          {error && (
            <Alert
              kind="error"
              action={
                error.stale ? (
                  <Button
                    icon="refresh"
                    onClick={() => {
                      // The latest list replaces the form; the text typed is still on screen until then.
                      setDrafts(null);
                      setError(null);
                      onReload();
                    }}
                  >
                    {t('conclusions.reload')}
                  </Button>
                ) : undefined
              }
            >
              {error.text}
            </Alert>
          )}
          <div className="conclusion__actions">
            <Button
              icon="plus"
              onClick={() =>
                setDrafts((all) => [...(all ?? []), { id: null, key: `n${nextKey++}`, text: '' }])
              }
            >
              {t('conclusions.addPoint')}
            </Button>
            <span className="spacer" />
            <Button
              variant="ghost"
              disabled={busy}
              onClick={() => {
                setDrafts(null);
                setError(null);
              }}
            >
              {t('conclusions.cancel')}
            </Button>
            <Button variant="primary" icon="check" busy={busy} onClick={() => void save()}>
              {t('conclusions.save')}
            </Button>
          </div>
        </div>
      )}
      {assigning && (
        <TaskAssignDialog
          source={assigning}
          onClose={() => setAssigning(null)}
          onCreated={() => {
            setAssigning(null);
            onAssigned?.();
            toast.show('success', t('tasks.assignedToast'));
          }}
        />
      )}
    </section>
  );
}
