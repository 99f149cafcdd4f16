import { useRef, type KeyboardEvent, type ReactElement } from 'react';

export interface TabItem<K extends string> {
  key: K;
  label: string;
  /** A count or mark shown after the label. */
  extra?: string;
  disabled?: boolean;
}

/**
 * A row of tabs (WAI-ARIA tabs pattern): arrow keys move between them, Home/End jump to the
 * ends. Each tab controls the panel with id `${idPrefix}-panel`.
 */
export function Tabs<K extends string>({
  label,
  items,
  active,
  onChange,
  idPrefix,
}: {
  label: string;
  items: readonly TabItem<K>[];
  active: K;
  onChange: (key: K) => void;
  idPrefix: string;
}): ReactElement {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const enabled = items.filter((i) => !i.disabled);

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, key: K) => {
    const index = enabled.findIndex((i) => i.key === key);
    let next: TabItem<K> | undefined;
    if (event.key === 'ArrowRight') next = enabled[(index + 1) % enabled.length];
    else if (event.key === 'ArrowLeft') next = enabled[(index - 1 + enabled.length) % enabled.length];
    else if (event.key === 'Home') next = enabled[0];
    else if (event.key === 'End') next = enabled[enabled.length - 1];
    if (!next) return;
    event.preventDefault();
    onChange(next.key);
    refs.current.get(next.key)?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {items.map((item) => (
        <button
          key={item.key}
          ref={(el) => {
            if (el) refs.current.set(item.key, el);
            else refs.current.delete(item.key);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${item.key}`}
          className="tabs__tab"
          aria-selected={item.key === active}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={item.key === active ? 0 : -1}
          disabled={item.disabled}
          onClick={() => onChange(item.key)}
          onKeyDown={(e) => onKeyDown(e, item.key)}
        >
          {item.label}
          {item.extra && <span className="tabs__extra">{item.extra}</span>}
        </button>
      ))}
    </div>
  );
}
