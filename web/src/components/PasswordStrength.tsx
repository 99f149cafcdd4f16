import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordStrength, type PasswordOwner, type PasswordRules } from '@icabinet/shared';
import { passwordRules } from '../features/settings/settings.api';

/**
 * The hint under a new-password field: a three-step meter and, when a rule is broken, which one —
 * the same rules the server applies (shared/src/domain/password-policy.ts), with the settings in
 * force. The server still decides (and also checks the history).
 */
export function PasswordStrength({
  password,
  owner,
}: {
  password: string;
  owner?: PasswordOwner;
}): ReactElement | null {
  const { t } = useTranslation();
  const [rules, setRules] = useState<PasswordRules | null>(null);
  useEffect(() => {
    let live = true;
    passwordRules()
      .then((r) => live && setRules(r))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!rules || password === '') return null;
  const { strength, problem } = passwordStrength(password, rules, owner);
  const level = { weak: 1, fair: 2, strong: 3 }[strength];
  const tip = problem
    ? t(`strength.rules.${problem.rule}`, {
        min: String(problem.rule === 'too_short' ? problem.min : rules.minLength),
      })
    : t(strength === 'strong' ? 'strength.strongTip' : 'strength.fairTip');
  return (
    <div className={`strength strength--${strength}`} data-testid="password-strength" aria-live="polite">
      <div className="strength__bar" aria-hidden="true">
        {[1, 2, 3].map((i) => (
          <span key={i} className={i <= level ? 'strength__seg strength__seg--on' : 'strength__seg'} />
        ))}
      </div>
      <p className="strength__text">
        <strong>
          {t('strength.label')}: {t(`strength.${strength}`)}
        </strong>{' '}
        — {tip}
      </p>
    </div>
  );
}
