import { useId, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { formatDayInput, parseDayInput, parseTimeInput } from './meeting-time';

/**
 * A date (dd/mm/yyyy) and, optionally, a 24-hour time typed as people write them in Vietnam.
 * Native date pickers follow the browser's locale (mm/dd/yyyy, AM/PM on an English browser),
 * which misleads here, so these are plain text inputs with a numeric keyboard.
 * `value` / `onChange` use "YYYY-MM-DDTHH:mm" (or "YYYY-MM-DD" without time); '' = empty or invalid.
 */
export function DateTimeField({
  label,
  value,
  onChange,
  error,
  hint,
  withTime = true,
  optional = false,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  withTime?: boolean;
  optional?: boolean;
  className?: string;
}): ReactElement {
  const { t } = useTranslation();
  const id = useId();
  const [day, setDay] = useState(formatDayInput(value.slice(0, 10)));
  const [time, setTime] = useState(value.slice(11, 16));

  const emit = (nextDay: string, nextTime: string) => {
    const d = parseDayInput(nextDay);
    const tm = withTime ? parseTimeInput(nextTime) : '00:00';
    onChange(d && tm ? (withTime ? `${d}T${tm}` : d) : '');
  };
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;

  return (
    <fieldset className={['field', 'datetime', error ? 'field--invalid' : '', className ?? ''].join(' ')}>
      <legend className="field__label">
        {label}
        {optional && <span className="field__optional"> {t('common.optional')}</span>}
      </legend>
      <div className="datetime__inputs">
        <input
          className="input datetime__day"
          inputMode="numeric"
          autoComplete="off"
          aria-label={`${label}: ${t('dateInput.day')}`}
          placeholder={t('dateInput.dayPlaceholder')}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          value={day}
          onChange={(e) => {
            setDay(e.target.value);
            emit(e.target.value, time);
          }}
        />
        {withTime && (
          <input
            className="input datetime__time"
            inputMode="numeric"
            autoComplete="off"
            aria-label={`${label}: ${t('dateInput.time')}`}
            placeholder={t('dateInput.timePlaceholder')}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            value={time}
            onChange={(e) => {
              setTime(e.target.value);
              emit(day, e.target.value);
            }}
          />
        )}
      </div>
      {hint && !error && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          <Icon name="alert" size={16} />
          {error}
        </p>
      )}
    </fieldset>
  );
}
