import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, type MinutesVersion } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/States';
import { Spinner } from '../../components/Spinner';
import { errorText } from '../../lib/errors';
import { diffCounts, diffTexts, type DiffPart } from './minutes-diff';
import { minutesApi } from './minutes.api';

type Lang = 'vi' | 'en';

/** Named versions of the minutes, and a comparison of two of them (what was inserted and deleted). */
export function MinutesVersions({
  meetingId,
  versions,
}: {
  meetingId: string;
  versions: MinutesVersion[];
}): ReactElement {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'vi';
  const newestFirst = [...versions].reverse();
  const [older, setOlder] = useState<string>(newestFirst[1]?.id ?? '');
  const [newer, setNewer] = useState<string>(newestFirst[0]?.id ?? '');
  const [diff, setDiff] = useState<{ parts: DiffPart[] } | { error: string } | null>(null);

  useEffect(() => {
    if (!older || !newer || older === newer) return setDiff(null);
    const controller = new AbortController();
    setDiff(null);
    Promise.all([
      minutesApi.versionText(meetingId, older, controller.signal),
      minutesApi.versionText(meetingId, newer, controller.signal),
    ]).then(
      ([a, b]) => {
        if (!controller.signal.aborted) setDiff({ parts: diffTexts(a.text, b.text) });
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setDiff({ error: errorText(err, t) });
      },
    );
    return () => controller.abort();
  }, [meetingId, older, newer, t]);

  if (versions.length === 0) return <EmptyState title={t('minutes.versions.none')} />;

  const pick = (which: 'older' | 'newer') => (
    <fieldset className="minutes-versions__pick">
      <legend>{t(`minutes.versions.${which}`)}</legend>
      {newestFirst.map((v) => (
        <label key={v.id} className="minutes-version">
          <input
            type="radio"
            name={`minutes-${which}`}
            value={v.id}
            checked={(which === 'older' ? older : newer) === v.id}
            onChange={() => (which === 'older' ? setOlder(v.id) : setNewer(v.id))}
          />
          <span className="minutes-version__text">
            <strong>{v.name}</strong>{' '}
            <Badge tone={v.kind === 'lock' ? 'red' : 'neutral'}>
              {t(v.kind === 'lock' ? 'minutes.versions.kindLock' : 'minutes.versions.kindManual')}
            </Badge>
            <span className="muted minutes-version__by">
              {t('minutes.versions.by', { name: v.createdByName, at: formatDateTime(v.createdAt, lang) })}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );

  return (
    <div className="minutes-versions">
      <div className="minutes-versions__lists">
        {pick('older')}
        {pick('newer')}
      </div>
      <section className="minutes-compare" aria-label={t('minutes.versions.compare')}>
        <h2>{t('minutes.versions.compare')}</h2>
        {(!older || !newer || older === newer) && <p className="muted">{t('minutes.versions.pickTwo')}</p>}
        {older && newer && older !== newer && diff === null && <Spinner label={t('common.loading')} />}
        {diff && 'error' in diff && <Alert kind="error">{diff.error}</Alert>}
        {diff && 'parts' in diff && <Comparison parts={diff.parts} />}
      </section>
    </div>
  );
}

function Comparison({ parts }: { parts: DiffPart[] }): ReactElement {
  const { t } = useTranslation();
  const counts = diffCounts(parts);
  return (
    <>
      <p className="minutes-compare__legend">
        {counts.ins + counts.del === 0 ? (
          t('minutes.versions.same')
        ) : (
          <>
            {t('minutes.versions.counts', { ins: String(counts.ins), del: String(counts.del) })} ·{' '}
            <ins>{t('minutes.versions.legendIns')}</ins> <del>{t('minutes.versions.legendDel')}</del>
          </>
        )}
      </p>
      <div className="minutes-compare__text" data-testid="minutes-diff">
        {parts.map((p, i) =>
          p.kind === 'ins' ? (
            <ins key={i}>{p.text}</ins>
          ) : p.kind === 'del' ? (
            <del key={i}>{p.text}</del>
          ) : (
            <span key={i}>{p.text}</span>
          ),
        )}
      </div>
    </>
  );
}
