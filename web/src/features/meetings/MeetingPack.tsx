import { useCallback, useMemo, useState, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  authorize,
  type AgendaChanged,
  type AgendaItem,
  type Meeting,
  type MeetingDocument,
  type MeetingRole,
} from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { PdfThumbnail } from '../../lib/pdf/PdfThumbnail';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { agendaNumbers } from './agenda-order';
import { ClassificationBadges } from './DocumentList';
import { formatMeetingTime, StatusBadge } from './meeting-ui';
import { agendaApi, documentsApi, officialDocumentsApi } from './meetings.api';
import { applyDocumentsChange } from './documents-patch';
import { useMeetingRoom } from './useMeetingRoom';
import { VoteRecords } from '../votes/VoteRecords';
import { ConclusionsPanel } from '../conclusions/ConclusionsPanel';

/** Whether a delegate with a vote (what the preview shows) may open a document of this meeting. */
export function delegateMayOpen(meeting: Meeting, d: MeetingDocument): boolean {
  return authorize({ systemRole: 'member', meetingRole: 'delegate', votingRight: true }, 'document:open', {
    confidentiality: meeting.confidentiality,
    documentAccess: d.classification,
  });
}

function DocCard({ d }: { d: MeetingDocument }): ReactElement {
  const { t } = useTranslation();
  return (
    <li>
      <Link className="pack-doc" to={`/documents/${d.id}`}>
        <PdfThumbnail url={documentsApi.fileUrl(d.id)} label={t('pack.thumbnail', { name: d.name })} />
        <span className="pack-doc__body">
          <span className="pack-doc__name">{d.name}</span>
          <span className="pack-doc__meta">
            {t('documents.pages', { count: d.pages })}
            <ClassificationBadges c={d.classification} />
          </span>
        </span>
      </Link>
    </li>
  );
}

/** The meeting pack as a participant reads it: details, agenda, each item's documents with thumbnails. */
export function MeetingPack({
  meeting,
  items,
  documents,
  myRole,
  roomLink = false,
}: {
  meeting: Meeting;
  items: readonly AgendaItem[];
  documents: readonly MeetingDocument[];
  myRole: MeetingRole | null;
  /** Offers "enter the meeting room" while the meeting is published or in progress. */
  roomLink?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const numbers = agendaNumbers(items);
  const byItem = new Map<string | null, MeetingDocument[]>();
  for (const d of documents) byItem.set(d.agendaItemId, [...(byItem.get(d.agendaItemId) ?? []), d]);
  const general = byItem.get(null) ?? [];
  const live = roomLink && (meeting.status === 'published' || meeting.status === 'in_progress');
  // A published meeting has its numbered invitation; a draft has none yet, a cancelled one no use for it.
  const invited = meeting.status !== 'draft' && meeting.status !== 'cancelled';

  return (
    <article className="pack">
      <header className="pack__head">
        <h3 className="pack__title">{meeting.title}</h3>
        <p className="pack__line">
          <span>
            <Icon name="clock" size={18} /> {formatMeetingTime(meeting, lang)}
          </span>
          <span>
            <Icon name="pin" size={18} /> {meeting.location ?? t('meetings.noLocation')}
          </span>
          <StatusBadge status={meeting.status} />
          {myRole && (
            <span className="muted">{t('pack.myRole', { role: t(`meetings.roles.${myRole}`) })}</span>
          )}
        </p>
        {meeting.description && <p className="pack__desc">{meeting.description}</p>}
        {(live || invited) && (
          <p className="pack__actions">
            {live && (
              <Link className="btn btn--primary" to={`/meetings/${meeting.id}/room`}>
                <Icon name="meetings" />
                <span>{t('room.enter')}</span>
              </Link>
            )}
            {invited && (
              // The numbered giấy mời (Decree 30), filed by the clerk as the official invitation.
              <a className="btn" href={officialDocumentsApi.invitationPdfUrl(meeting.id)} download>
                <Icon name="download" />
                <span>{t('pack.invitationPdf')}</span>
              </a>
            )}
            {invited && (myRole === 'chair' || myRole === 'secretary') && (
              <Link className="btn" to={`/meetings/${meeting.id}/sign/invitation`}>
                <Icon name="edit" />
                <span>{t('signatures.sign.link')}</span>
              </Link>
            )}
            {invited && roomLink && (
              // The minutes: written by the secretariat; readable here once locked or when the chair allows.
              <Link className="btn" to={`/meetings/${meeting.id}/minutes`}>
                <Icon name="file" />
                <span>{t('minutes.open')}</span>
              </Link>
            )}
          </p>
        )}
      </header>
      <h4 className="pack__section">{t('pack.agenda')}</h4>
      {items.length === 0 ? (
        <p className="muted">{t('pack.noAgenda')}</p>
      ) : (
        <ol className="pack-agenda">
          {items.map((item) => {
            const docs = byItem.get(item.id) ?? [];
            return (
              <li key={item.id} className={item.parentId ? 'pack-agenda__item is-sub' : 'pack-agenda__item'}>
                <div className="pack-agenda__head">
                  <span className="agenda__number">{numbers.get(item.id)}</span>
                  <span className="pack-agenda__title">{item.title}</span>
                  <span className="muted nowrap">
                    {t('agenda.minutesShort', { count: item.plannedMinutes })}
                  </span>
                </div>
                {item.presenterName && (
                  <p className="muted pack-agenda__presenter">
                    {t('pack.presenter', { name: item.presenterName })}
                  </p>
                )}
                {docs.length > 0 && (
                  <ul className="pack-docs">
                    {docs.map((d) => (
                      <DocCard key={d.id} d={d} />
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {general.length > 0 && (
        <>
          <h4 className="pack__section">{t('pack.general')}</h4>
          <ul className="pack-docs">
            {general.map((d) => (
              <DocCard key={d.id} d={d} />
            ))}
          </ul>
        </>
      )}
      {documents.length === 0 && items.length > 0 && <p className="muted">{t('pack.noDocuments')}</p>}
      {meeting.status !== 'draft' && <VoteRecords meetingId={meeting.id} />}
      {meeting.status !== 'draft' && meeting.status !== 'cancelled' && meeting.status !== 'published' && (
        <section className="pack__conclusions" aria-label={t('conclusions.title')}>
          <h4 className="pack__section">{t('conclusions.title')}</h4>
          <ConclusionsPanel meetingId={meeting.id} items={items} />
        </section>
      )}
    </article>
  );
}

/**
 * Loads a meeting's agenda and documents and shows the pack. `asDelegate` hides what a delegate
 * could not open (the secretariat's preview); otherwise the server already filtered for the caller.
 */
export function MeetingPackLoader({
  meeting,
  myRole,
  asDelegate = false,
}: {
  meeting: Meeting;
  myRole: MeetingRole | null;
  asDelegate?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [agenda, docs] = await Promise.all([
        agendaApi.get(meeting.id, signal),
        documentsApi.list(meeting.id, signal),
      ]);
      return { items: agenda.items, documents: docs.items };
    },
    [meeting.id],
  );
  const pack = useResource(load);
  const [notice, setNotice] = useState<AgendaChanged | null>(null);
  useMeetingRoom(meeting.id, {
    onAgendaChanged: (p) => {
      setNotice(p);
      pack.reload();
    },
    onDocumentsChanged: (p) => {
      const current = pack.data?.documents;
      const next = current ? applyDocumentsChange(current, p) : null;
      if (next) pack.mutate((d) => ({ ...d, documents: next }));
      else pack.reload();
    },
  });
  const visible = useMemo(
    () => (pack.data?.documents ?? []).filter((d) => !asDelegate || delegateMayOpen(meeting, d)),
    [pack.data, asDelegate, meeting],
  );
  if (pack.status === 'error' && !pack.data) return <ErrorState error={pack.error} onRetry={pack.reload} />;
  if (!pack.data) return <Spinner label={t('common.loading')} />;
  const hidden = pack.data.documents.length - visible.length;
  return (
    <>
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
      {asDelegate && hidden > 0 && <p className="muted">{t('preview.hidden', { count: hidden })}</p>}
      <MeetingPack
        meeting={meeting}
        items={pack.data.items}
        documents={visible}
        myRole={asDelegate ? 'delegate' : myRole}
        roomLink={!asDelegate}
      />
    </>
  );
}
