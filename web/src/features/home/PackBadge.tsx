import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { currentLanguage } from '../../lib/i18n';
import { formatSize } from '../meetings/meeting-ui';
import { syncPack } from '../offline/pack-sync';
import { usePackStatus } from '../offline/usePack';

/** Whether a meeting's documents are on this device: the badge, the progress, or what went wrong. */
export function PackBadge({ meetingId, userId }: { meetingId: string; userId: string }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const status = usePackStatus(meetingId);
  const retry = () => void syncPack(meetingId, userId);
  switch (status.state) {
    case 'ready':
      return (
        <div className="pack pack--ready" data-pack="ready">
          <span className="pack__badge">
            <Icon name="check" size={18} />
            {t('offlinePack.ready')}
          </span>
          <span className="pack__detail">
            {t('offlinePack.readyDetail', {
              files: String(status.files),
              size: formatSize(status.totalBytes, lang),
            })}
            {status.excluded > 0 && <> · {t('offlinePack.excluded', { count: status.excluded })}</>}
          </span>
        </div>
      );
    case 'downloading': {
      const percent = status.total > 0 ? Math.floor((status.done / status.total) * 100) : 0;
      return (
        <div className="pack pack--busy" data-pack="downloading">
          <span className="pack__detail">{t('offlinePack.downloading', { percent: String(percent) })}</span>
          <progress
            className="pack__bar"
            max={Math.max(status.total, 1)}
            value={status.done}
            aria-label={t('offlinePack.progressLabel')}
          />
          <span className="pack__detail">
            {t('offlinePack.downloadingDetail', {
              done: formatSize(status.done, lang),
              total: formatSize(status.total, lang),
            })}
          </span>
        </div>
      );
    }
    case 'error':
      return (
        <div className="pack pack--error" role="alert" data-pack="error">
          <span className="pack__detail">
            <Icon name="alert" size={18} /> {t(`offlinePack.${status.kind}`)}
            {status.kind === 'quota' && status.needBytes !== undefined && status.freeBytes !== undefined && (
              <>
                {' '}
                {t('offlinePack.quotaDetail', {
                  need: formatSize(status.needBytes, lang),
                  free: formatSize(Math.max(0, status.freeBytes), lang),
                })}
              </>
            )}
            {/* Service workers exist only on https (or localhost): name the fix, not just the symptom. */}
            {status.kind === 'unsupported' && !window.isSecureContext && <> {t('offlinePack.insecure')}</>}
          </span>
          {status.kind !== 'unsupported' && (
            <Button variant="secondary" onClick={retry}>
              {t('offlinePack.retry')}
            </Button>
          )}
        </div>
      );
    case 'none':
      return (
        <div className="pack" data-pack="none">
          <span className="pack__detail">{t('offlinePack.none')}</span>
          <Button variant="secondary" onClick={retry}>
            <Icon name="download" /> {t('offlinePack.download')}
          </Button>
        </div>
      );
  }
}
