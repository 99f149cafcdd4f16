import { useCallback, type ReactElement } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isFrozen, type MeetingDetail } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { Tabs } from '../../components/Tabs';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { InvitationsTab } from '../invitations/InvitationsTab';
import { OpinionsTab } from '../opinions/OpinionsTab';
import { ConclusionsTab } from '../conclusions/ConclusionsTab';
import { SitesTab } from '../sites/SitesTab';
import { AgendaTab } from './AgendaTab';
import { DetailsTab } from './DetailsTab';
import { MeetingPackLoader } from './MeetingPack';
import { actualTimeText, formatMeetingTime, StatusBadge } from './meeting-ui';
import { meetingsApi } from './meetings.api';
import { ParticipantsTab } from './ParticipantsTab';
import { useMeetingRoom } from './useMeetingRoom';

const TABS = [
  'details',
  'participants',
  'agenda',
  'sites',
  'invitations',
  'opinions',
  'conclusions',
  'preview',
] as const;
type Tab = (typeof TABS)[number];

function Back(): ReactElement {
  const { t } = useTranslation();
  return (
    <Link className="back-link" to="/meetings">
      <Icon name="chevronLeft" />
      <span>{t('editor.back')}</span>
    </Link>
  );
}

/** A new meeting: only the details form; the other tabs open once it exists. */
export function NewMeetingPage(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  return (
    <>
      <Back />
      <PageHeader title={t('editor.newTitle')} />
      <DetailsTab
        meeting={null}
        canEdit
        onCreated={(m) => {
          toast.show('success', t('details.created'));
          void navigate(`/meetings/${m.id}/edit?tab=participants`, { replace: true });
        }}
        onSaved={() => undefined}
        onConflict={() => undefined}
        onCloned={() => undefined}
      />
    </>
  );
}

/** The meeting editor: details, participants, agenda with documents, and the delegate's preview. */
export function MeetingEditorPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'details';
  const load = useCallback((signal: AbortSignal) => meetingsApi.get(id, signal), [id]);
  const detail = useResource<MeetingDetail>(load);
  useMeetingRoom(id, {
    onMeetingChanged: (p) => {
      if (!detail.data || p.version === detail.data.meeting.version) return;
      // Same status: the record from the broadcast is all that changed. Otherwise what the
      // caller may do changed too (`can`), which only the server answers.
      const fresh = p.meeting;
      if (fresh && fresh.status === detail.data.meeting.status)
        detail.mutate((d) => ({ ...d, meeting: fresh }));
      else detail.reload();
    },
  });

  if (detail.status === 'error' && !detail.data) {
    const missing =
      detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 403);
    return (
      <>
        <Back />
        <ErrorState
          error={detail.error}
          title={missing ? t('editor.notFound') : undefined}
          text={missing ? null : undefined}
          onRetry={missing ? undefined : detail.reload}
        />
      </>
    );
  }
  if (!detail.data) return <Spinner label={t('common.loading')} />;

  const { meeting, can, myRole } = detail.data;
  const frozen = isFrozen(meeting.status);
  const canEdit = can.edit && !frozen;

  return (
    <>
      <Back />
      <PageHeader
        title={meeting.title}
        subtitle={[
          formatMeetingTime(meeting, lang),
          actualTimeText(meeting, t),
          meeting.location ?? t('meetings.noLocation'),
        ]
          .filter(Boolean)
          .join(' · ')}
        actions={
          meeting.status !== 'draft' && meeting.status !== 'cancelled' ? (
            <>
              {(meeting.status === 'published' || meeting.status === 'in_progress') && (
                <Link className="btn btn--primary" to={`/meetings/${meeting.id}/room`}>
                  <Icon name="meetings" />
                  <span>{t('room.enter')}</span>
                </Link>
              )}
              <Link className="btn" to={`/meetings/${meeting.id}/minutes`}>
                <Icon name="file" />
                <span>{t('minutes.open')}</span>
              </Link>
              {can.edit && (meeting.status === 'ended' || meeting.status === 'closed') && (
                <Link className="btn" to={`/meetings/${meeting.id}/report`}>
                  <Icon name="chart" />
                  <span>{t('reports.meeting.open')}</span>
                </Link>
              )}
            </>
          ) : undefined
        }
      />
      <p className="editor-status">
        <StatusBadge status={meeting.status} />
        <span className="muted">{t(`meetings.kind.${meeting.kind}`)}</span>
        <span className="muted">{t(`meetings.confidentiality.${meeting.confidentiality}`)}</span>
      </p>
      {frozen && <Alert kind="warning">{t('editor.frozen')}</Alert>}
      {!frozen && !can.edit && <Alert kind="info">{t('editor.viewOnly')}</Alert>}
      <Tabs
        label={t('editor.tabsLabel')}
        idPrefix="editor"
        // Sites belong to online briefings only.
        items={TABS.filter((k) => k !== 'sites' || meeting.kind === 'online').map((k) => ({
          key: k,
          label: t(`editor.tabs.${k}`),
        }))}
        active={tab}
        onChange={(k) => setParams(k === 'details' ? {} : { tab: k }, { replace: true })}
      />
      <div id="editor-panel" role="tabpanel" aria-labelledby={`editor-tab-${tab}`} className="tab-panel">
        {tab === 'details' && (
          <DetailsTab
            key={meeting.version}
            meeting={meeting}
            canEdit={can.edit}
            onCreated={() => undefined}
            onSaved={(_m, message) => {
              toast.show('success', message);
              detail.reload();
            }}
            onConflict={() => {
              toast.show('error', t('details.conflict'));
              detail.reload();
            }}
            onCloned={(m) => {
              toast.show('success', t('clone.done'));
              void navigate(`/meetings/${m.id}/edit`);
            }}
          />
        )}
        {tab === 'participants' && <ParticipantsTab meeting={meeting} canEdit={canEdit} />}
        {tab === 'agenda' && <AgendaTab meeting={meeting} canEdit={canEdit} />}
        {tab === 'sites' && <SitesTab meeting={meeting} canEdit={canEdit} />}
        {tab === 'invitations' && <InvitationsTab meeting={meeting} />}
        {tab === 'opinions' && <OpinionsTab meeting={meeting} />}
        {tab === 'conclusions' && <ConclusionsTab meetingId={meeting.id} />}
        {tab === 'preview' && (
          <>
            <Alert kind="info">{t('preview.intro')}</Alert>
            <MeetingPackLoader meeting={meeting} myRole={myRole} asDelegate />
          </>
        )}
      </div>
    </>
  );
}
