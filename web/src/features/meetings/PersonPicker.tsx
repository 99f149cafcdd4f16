import { useId, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { searchPeople, type PickablePerson } from './person-search';

/** At most this many people are listed; typing more words narrows the list. */
const SHOWN = 40;

/**
 * Chooses one person to invite: a search box (name, title or unit, with or without diacritics)
 * over the list of people not yet in the meeting. People already in are never offered, so
 * adding cannot fail with "already a participant".
 */
export function PersonPicker({
  people,
  alreadyIn,
  value,
  onChange,
  error,
}: {
  people: readonly PickablePerson[];
  alreadyIn: ReadonlySet<string>;
  value: string;
  onChange: (id: string) => void;
  error?: string | undefined;
}): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const found = useMemo(() => searchPeople(people, q, alreadyIn), [people, q, alreadyIn]);
  const available = people.length - people.filter((p) => alreadyIn.has(p.id)).length;
  const chosen = people.find((p) => p.id === value) ?? null;
  const line = (p: PickablePerson) => [p.title, p.unitName].filter(Boolean).join(' · ');

  return (
    <div className={error ? 'field field--invalid span-2' : 'field span-2'}>
      <label className="field__label" htmlFor={`${id}-q`}>
        {t('participants.picker.label')}
      </label>
      <input
        id={`${id}-q`}
        className="input"
        type="search"
        value={q}
        placeholder={t('participants.picker.placeholder')}
        aria-controls={`${id}-list`}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-status${error ? ` ${id}-error` : ''}`}
        autoComplete="off"
        onChange={(e) => setQ(e.target.value)}
      />
      <p className="field__hint" id={`${id}-status`} role="status">
        {chosen
          ? t('participants.picker.chosen', { name: chosen.fullName })
          : available === 0
            ? t('participants.picker.everyoneIn')
            : found.length === 0
              ? t('participants.picker.none')
              : found.length > SHOWN
                ? t('participants.picker.more', { shown: String(SHOWN), count: found.length })
                : t('participants.picker.count', { count: found.length })}
      </p>
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
      {found.length > 0 && (
        <ul className="picker" id={`${id}-list`} role="listbox" aria-label={t('participants.picker.label')}>
          {found.slice(0, SHOWN).map((p) => (
            <li
              key={p.id}
              role="option"
              aria-selected={p.id === value}
              tabIndex={0}
              className={p.id === value ? 'picker__option is-selected' : 'picker__option'}
              onClick={() => onChange(p.id === value ? '' : p.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onChange(p.id === value ? '' : p.id);
                }
              }}
            >
              <span className="picker__name">{p.fullName}</span>
              {line(p) && <span className="picker__sub">{line(p)}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
