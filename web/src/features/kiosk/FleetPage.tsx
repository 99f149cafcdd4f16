import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { meetingsContract, type Device } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { ResponsiveList, type Column } from '../../components/ResponsiveList';
import { EmptyState } from '../../components/States';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { ApiError, call } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { devicesApi } from './devices.api';
import { useFleet } from './useFleet';
import './kiosk.css';

type FieldErrors = Partial<Record<'code' | 'room' | 'seatLabel', string>>;

/** The rooms tablets can be paired to: locations of the meetings not yet over. */
function useRooms(): string[] {
  const [rooms, setRooms] = useState<string[]>([]);
  useEffect(() => {
    const aborter = new AbortController();
    call(meetingsContract.list, {
      query: { scope: 'upcoming', limit: 100, offset: 0 },
      signal: aborter.signal,
    }).then(
      (page) => setRooms([...new Set(page.items.flatMap((m) => (m.location ? [m.location] : [])))]),
      () => undefined,
    );
    return () => aborter.abort();
  }, []);
  return rooms;
}

/**
 * The secretariat's fleet page (Thiết bị phòng họp): pair the code a tablet shows to a room and
 * a seat, and follow every tablet live — seat, delegate, last contact, app version, battery,
 * network and whether its meeting's pack is ready offline; revoke a lost or retired one.
 */
export function FleetPage(): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const lang = currentLanguage();
  const [params] = useSearchParams();
  const { devices, error, upsert } = useFleet();
  const rooms = useRooms();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [room, setRoom] = useState('');
  const [seatLabel, setSeatLabel] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState<Device | null>(null);

  const pair = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    setFieldErrors({});
    setBusy(true);
    try {
      const { device } = await devicesApi.pair({ code, room, seatLabel });
      upsert(device);
      setCode('');
      setSeatLabel('');
      toast.show('success', t('fleet.paired', { room: device.room, seat: device.seatLabel }));
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) {
        const next: FieldErrors = {};
        for (const i of e.issues)
          if (i.path === 'code' || i.path === 'room' || i.path === 'seatLabel') next[i.path] = i.message;
        setFieldErrors(next);
      }
      setFormError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const stateOf = (d: Device): ReactElement => {
    if (d.revokedAt) return <Badge tone="red">{t('fleet.revoked')}</Badge>;
    if (!d.claimedAt) return <Badge tone="blue">{t('fleet.notPickedUp')}</Badge>;
    return d.connected ? (
      <Badge tone="green">{t('fleet.online')}</Badge>
    ) : (
      <Badge tone="grey">{t('fleet.offline')}</Badge>
    );
  };
  const reportOf = (d: Device): ReactElement => {
    const s = d.status;
    if (!s) return <span className="fleet__muted">{t('fleet.noReport')}</span>;
    const battery = s.battery
      ? t(s.battery.charging ? 'fleet.batteryCharging' : 'fleet.battery', {
          level: String(Math.round(s.battery.level * 100)),
        })
      : t('fleet.batteryUnknown');
    const network = s.network.online
      ? t('fleet.network', { type: s.network.type ?? t('fleet.networkUnknown') })
      : t('fleet.networkOff');
    return (
      <span className="fleet__state">
        <Badge tone="grey">{t('fleet.version', { version: s.appVersion })}</Badge>
        <Badge tone={s.battery && s.battery.level < 0.2 && !s.battery.charging ? 'red' : 'grey'}>
          {battery}
        </Badge>
        <Badge tone={s.network.online ? 'grey' : 'red'}>{network}</Badge>
        <Badge tone={s.pack.state === 'ready' ? 'green' : s.pack.state === 'error' ? 'red' : 'blue'}>
          {t(`fleet.pack.${s.pack.state}`, {
            percent: String(Math.round((s.pack.progress ?? 0) * 100)),
          })}
        </Badge>
      </span>
    );
  };

  const columns: Column<Device>[] = [
    { key: 'room', header: t('fleet.columns.room'), render: (d) => d.room, hideOnCard: true },
    { key: 'seat', header: t('fleet.columns.seat'), render: (d) => d.seatLabel },
    {
      key: 'delegate',
      header: t('fleet.columns.delegate'),
      render: (d) =>
        d.delegate ? (
          <>
            {d.delegate.fullName}
            {d.meeting && <div className="fleet__muted">{d.meeting.title}</div>}
          </>
        ) : (
          <span className="fleet__muted">{d.meeting ? t('fleet.noDelegate') : t('fleet.noMeeting')}</span>
        ),
    },
    { key: 'state', header: t('fleet.columns.state'), render: stateOf },
    {
      key: 'seen',
      header: t('fleet.columns.lastSeen'),
      render: (d) => (d.lastSeenAt ? formatDateTime(d.lastSeenAt, lang) : t('fleet.never')),
    },
    { key: 'report', header: t('fleet.columns.report'), render: reportOf },
  ];

  return (
    <>
      <PageHeader title={t('fleet.title')} subtitle={t('fleet.subtitle')} />
      <section className="panel" aria-labelledby="fleet-pair-title">
        <h2 className="panel__title" id="fleet-pair-title">
          {t('fleet.pairTitle')}
        </h2>
        <p className="muted">{t('fleet.pairHint')}</p>
        <form className="fleet__form" onSubmit={(e) => void pair(e)} noValidate>
          <TextField
            label={t('fleet.code')}
            name="code"
            autoCapitalize="characters"
            autoComplete="off"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={fieldErrors.code}
          />
          <TextField
            label={t('fleet.room')}
            name="room"
            list="fleet-rooms"
            value={room}
            onChange={(e) => setRoom(e.target.value)}
            error={fieldErrors.room}
          />
          <datalist id="fleet-rooms">
            {rooms.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <TextField
            label={t('fleet.seat')}
            name="seatLabel"
            value={seatLabel}
            onChange={(e) => setSeatLabel(e.target.value)}
            error={fieldErrors.seatLabel}
          />
          <Button type="submit" variant="primary" icon="plus" busy={busy}>
            {t('fleet.pair')}
          </Button>
        </form>
        {formError && <Alert kind="error">{formError}</Alert>}
      </section>
      <section className="panel" aria-labelledby="fleet-list-title">
        <h2 className="panel__title" id="fleet-list-title">
          {t('fleet.listTitle')}
        </h2>
        {error && <Alert kind="error">{error}</Alert>}
        {devices === null ? (
          !error && <Spinner label={t('fleet.loading')} />
        ) : devices.length === 0 ? (
          <EmptyState icon="info" title={t('fleet.empty')} text={t('fleet.emptyHint')} />
        ) : (
          <ResponsiveList
            items={devices}
            columns={columns}
            rowKey={(d) => d.id}
            caption={t('fleet.listTitle')}
            cardTitle={(d) => d.room}
            muted={(d) => d.revokedAt !== null}
            actions={(d) =>
              d.revokedAt ? null : (
                <Button variant="danger" icon="x" onClick={() => setRevoking(d)}>
                  {t('fleet.revoke')}
                </Button>
              )
            }
          />
        )}
      </section>
      {revoking && (
        <ConfirmDialog
          title={t('fleet.revokeTitle')}
          text={t('fleet.revokeText', { room: revoking.room, seat: revoking.seatLabel })}
          confirmLabel={t('fleet.revoke')}
          danger
          onConfirm={async () => {
            const { device } = await devicesApi.revoke(revoking.id);
            upsert(device);
            setRevoking(null);
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </>
  );
}
