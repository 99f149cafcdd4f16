import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badge';
import { Icon, type IconName } from '../../components/Icon';
import { canManageUsers, canOpen, pathOf, type PageKey } from '../../app/nav';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useMe } from '../auth/auth.context';
import { SavingsCard } from '../invitations/SavingsCard';
import { NextMeetings } from './NextMeetings';

interface HomeCard {
  page: Exclude<PageKey, 'home'>;
  icon: IconName;
  title: string;
  text: string;
}

/**
 * The dashboard: who you are, your next meetings (what waits for you, whether their documents are
 * on this device), and a card for each page your role can open.
 */
export function HomePage(): ReactElement {
  const { t } = useTranslation();
  const { user, unit, session } = useMe();
  const lang = currentLanguage();
  const role = user.systemRole;

  const cards: HomeCard[] = [
    {
      page: 'myMeetings',
      icon: 'briefcase',
      title: t('home.cards.myMeetingsTitle'),
      text: t('home.cards.myMeetingsText'),
    },
    {
      page: 'meetings',
      icon: 'meetings',
      title: t('home.cards.meetingsTitle'),
      text: t('home.cards.meetingsText'),
    },
    canManageUsers(role)
      ? { page: 'users', icon: 'users', title: t('home.cards.usersTitle'), text: t('home.cards.usersText') }
      : {
          page: 'users',
          icon: 'users',
          title: t('home.cards.usersReadTitle'),
          text: t('home.cards.usersReadText'),
        },
    { page: 'units', icon: 'units', title: t('home.cards.unitsTitle'), text: t('home.cards.unitsText') },
    {
      page: 'reports',
      icon: 'chart',
      title: t('home.cards.reportsTitle'),
      text: t('home.cards.reportsText'),
    },
    { page: 'audit', icon: 'shield', title: t('home.cards.auditTitle'), text: t('home.cards.auditText') },
    { page: 'account', icon: 'key', title: t('home.cards.accountTitle'), text: t('home.cards.accountText') },
  ];

  return (
    <>
      <section className="welcome" aria-labelledby="welcome-title">
        <div className="welcome__text">
          <h1 className="welcome__title" id="welcome-title">
            {t('home.greeting', { name: user.fullName })}
          </h1>
          <p className="welcome__line">
            {user.title && <span className="welcome__job">{user.title}</span>}
            <span>{unit?.name ?? t('home.noUnit')}</span>
          </p>
          <p className="welcome__meta">
            <Badge tone={role === 'admin' ? 'red' : 'blue'}>{t(`roles.${role}`)}</Badge>
            <span>{t('home.sessionUntil', { time: formatDateTime(session.expiresAt, lang) })}</span>
          </p>
        </div>
      </section>

      <NextMeetings userId={user.id} />

      {canOpen(role, 'meetings') && <SavingsCard />}

      <h2 className="section-title">{t('home.whatToDo')}</h2>
      <ul className="tiles">
        {cards
          .filter((card) => canOpen(role, card.page))
          .map((card) => (
            <li key={card.page}>
              <Link to={pathOf(card.page)} className="tile">
                <span className="tile__icon">
                  <Icon name={card.icon} size={28} />
                </span>
                <span className="tile__body">
                  <span className="tile__title">{card.title}</span>
                  <span className="tile__text">{card.text}</span>
                </span>
                <Icon name="chevronRight" className="tile__chevron" />
              </Link>
            </li>
          ))}
      </ul>
    </>
  );
}
