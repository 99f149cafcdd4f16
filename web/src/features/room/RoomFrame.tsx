import { useEffect, useId, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon, type IconName } from '../../components/Icon';

/** One of the room's drawers (agenda, speakers, vote, tools), opened from the room's bar. */
export interface RoomDrawer {
  id: string;
  label: string;
  icon: IconName;
  /** A short count or mark on the tab (queue length, "open" vote). */
  badge?: string | null;
  /** Drawn on the tab in the alert colour (a vote to cast). */
  urgent?: boolean;
  content: ReactNode;
}

/**
 * The reader's frame: one bar at the top (the page's heading, the drawers' tabs, `actions`), the
 * followed document filling the rest of the screen, and at most one drawer over it (beside it in
 * landscape, where the page leaves room). Nothing here pushes the document down.
 */
export function RoomFrame({
  head,
  actions,
  drawers,
  open,
  onOpen,
  children,
}: {
  head: ReactNode;
  actions?: ReactNode;
  drawers: readonly RoomDrawer[];
  open: string | null;
  onOpen: (id: string | null) => void;
  children: ReactNode;
}): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const active = drawers.find((d) => d.id === open) ?? null;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onOpen(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, onOpen]);
  return (
    <div className="room-page">
      <header className="room-bar">
        <div className="room-bar__head">{head}</div>
        <div className="room-bar__tools">
          <nav className="room-tabs" aria-label={t('room.drawers.label')}>
            {drawers.map((d) => (
              <button
                key={d.id}
                type="button"
                className={`room-tab${d.id === open ? ' is-open' : ''}${d.urgent ? ' is-urgent' : ''}`}
                aria-expanded={d.id === open}
                aria-controls={d.id === open ? `${id}-drawer` : undefined}
                onClick={() => onOpen(d.id === open ? null : d.id)}
              >
                <Icon name={d.icon} />
                <span>{d.label}</span>
                {d.badge && <span className="room-tab__badge">{d.badge}</span>}
              </button>
            ))}
          </nav>
          {actions && <div className="room-bar__actions">{actions}</div>}
        </div>
      </header>
      <div className={active ? 'room-body has-drawer' : 'room-body'}>
        <section className="room-reader" aria-label={t('room.document.label')}>
          {children}
        </section>
        {active && (
          <aside
            id={`${id}-drawer`}
            className="room-drawer"
            aria-label={active.label}
            data-drawer={active.id}
          >
            <div className="room-drawer__head">
              <h2 className="room-drawer__title">{active.label}</h2>
              <Button icon="x" iconOnly variant="ghost" onClick={() => onOpen(null)}>
                {t('room.drawers.close')}
              </Button>
            </div>
            <div className="room-drawer__body">{active.content}</div>
          </aside>
        )}
      </div>
    </div>
  );
}
