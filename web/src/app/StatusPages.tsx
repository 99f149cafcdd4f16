import { Component, type ReactElement, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/States';
import { i18next } from '../lib/i18n';

/** Shown for an address that is no page of the app. */
export function NotFoundPage(): ReactElement {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="info"
      title={t('errors.notFoundTitle')}
      text={t('errors.notFoundText')}
      action={
        <Link className="btn btn--primary" to="/">
          {t('common.backHome')}
        </Link>
      }
    />
  );
}

/** Shown when a role opens a page that is not for it (only by typing the address). */
export function ForbiddenPage(): ReactElement {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon="lock"
      title={t('errors.forbiddenTitle')}
      text={t('errors.forbiddenText')}
      action={
        <Link className="btn btn--primary" to="/">
          {t('common.backHome')}
        </Link>
      }
    />
  );
}

/** Last line of defence: a rendering bug shows a calm message instead of a blank tablet screen. */
export class CrashBoundary extends Component<{ children: ReactNode }, { crashed: boolean }> {
  override state = { crashed: false };

  static getDerivedStateFromError(): { crashed: boolean } {
    return { crashed: true };
  }

  override render(): ReactNode {
    if (!this.state.crashed) return this.props.children;
    return (
      <div className="fullscreen">
        <div className="state state--error" role="alert">
          <h1 className="state__title">{i18next.t('errors.crashTitle')}</h1>
          <p className="state__text">{i18next.t('errors.crashText')}</p>
          <div className="state__action">
            <button type="button" className="btn btn--primary" onClick={() => window.location.reload()}>
              {i18next.t('common.reload')}
            </button>
          </div>
        </div>
      </div>
    );
  }
}
