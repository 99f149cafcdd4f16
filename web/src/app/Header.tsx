import { useState, type ReactElement } from 'react';
import { Link, NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Emblem } from '../components/Emblem';
import { Icon, type IconName } from '../components/Icon';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useAuth, useMe } from '../features/auth/auth.context';
import { NotificationBell } from '../features/inbox/NotificationBell';
import { ConnectionIndicator } from './ConnectionIndicator';
import { navItemsFor, type PageKey } from './nav';

const NAV_ICONS: Record<PageKey, IconName> = {
  home: 'home',
  myMeetings: 'briefcase',
  opinions: 'edit',
  tasks: 'check',
  meetings: 'meetings',
  users: 'users',
  units: 'units',
  sites: 'meetings',
  fleet: 'lock',
  reports: 'chart',
  audit: 'audit',
  security: 'shield',
  account: 'account',
};

/** The top of every signed-in page: brand, who is signed in, language, sign-out, then the menu. */
export function Header(): ReactElement {
  const { t } = useTranslation();
  const { user, unit } = useMe();
  const { signOut } = useAuth();
  const [leaving, setLeaving] = useState(false);
  const subtitle = [user.title, unit?.name].filter(Boolean).join(' · ');

  return (
    <header className="app-header">
      <div className="app-header__bar">
        <Link to="/" className="brand" aria-label={`${t('app.name')} — ${t('nav.home')}`}>
          <Emblem size={40} />
          <span className="brand__text">
            <span className="brand__name">{t('app.name')}</span>
            <span className="brand__tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        <div className="app-header__tools">
          <ConnectionIndicator />
          <LanguageSwitch tone="dark" />
          <NotificationBell />
          <div className="who" aria-label={t('header.userMenu')}>
            <span className="who__name">{user.fullName}</span>
            {subtitle && <span className="who__title">{subtitle}</span>}
          </div>
          <button
            type="button"
            className="logout"
            disabled={leaving}
            onClick={() => {
              setLeaving(true);
              void signOut().finally(() => setLeaving(false));
            }}
          >
            <Icon name="logout" />
            <span className="logout__text">{leaving ? t('header.loggingOut') : t('header.logout')}</span>
          </button>
        </div>
      </div>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul className="app-nav__list">
          {navItemsFor(user.systemRole).map((item) => (
            <li key={item.key}>
              <NavLink to={item.to} end={item.to === '/'} className="app-nav__link">
                <Icon name={NAV_ICONS[item.key]} />
                <span>{t(`nav.${item.key}`)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
