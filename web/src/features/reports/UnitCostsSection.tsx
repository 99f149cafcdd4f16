import { useCallback, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitCosts, type UnitCostsView } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { ApiError } from '../../lib/api';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { formatVnd } from './report-ui';
import { reportsApi } from './reports.api';

type Field = 'smsInvitationVnd' | 'printedPageVnd' | 'copiesPerDocument';
const CODES = ['unit_cost_whole', 'unit_cost_range', 'unit_cost_copies'] as const;

/**
 * Cài đặt → Đơn giá: what one SMS invitation and one printed page cost, and how many paper
 * copies each document would have had. The reports count the savings with them; until an
 * administrator saves them they are the server's defaults (environment variables).
 */
export function UnitCostsSection(): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => reportsApi.unitCosts(signal), []);
  const view = useResource(load);
  return (
    <section className="panel" aria-labelledby="unit-costs-title">
      <h2 className="panel__title" id="unit-costs-title">
        {t('reports.costs.title')}
      </h2>
      <p className="muted">{t('reports.costs.intro')}</p>
      {view.status === 'error' && !view.data ? (
        <ErrorState error={view.error} onRetry={view.reload} />
      ) : !view.data ? (
        <Spinner label={t('common.loading')} />
      ) : (
        <UnitCostsForm key={view.data.version} initial={view.data} onSaved={view.reload} />
      )}
    </section>
  );
}

function UnitCostsForm({ initial, onSaved }: { initial: UnitCostsView; onSaved: () => void }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const toast = useToast();
  const [sms, setSms] = useState(String(initial.costs.smsInvitationVnd));
  const [page, setPage] = useState(String(initial.costs.printedPageVnd));
  const [perParticipant, setPerParticipant] = useState(initial.costs.copiesPerDocument === null);
  const [copies, setCopies] = useState(String(initial.costs.copiesPerDocument ?? 20));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const message = (code: string | undefined): string =>
    CODES.includes(code as (typeof CODES)[number])
      ? t(`reports.costs.errors.${code as (typeof CODES)[number]}`)
      : t('reports.costs.errors.unit_cost_range');

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = UnitCosts.safeParse({
      smsInvitationVnd: sms.trim() === '' ? NaN : Number(sms),
      printedPageVnd: page.trim() === '' ? NaN : Number(page),
      copiesPerDocument: perParticipant ? null : copies.trim() === '' ? NaN : Number(copies),
    });
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as Field] ??= message(issue.message);
      setErrors(next);
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    try {
      await reportsApi.saveUnitCosts({ ...parsed.data, version: initial.version });
      toast.show('success', t('reports.costs.saved'));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError)
        for (const issue of err.issues) {
          const field = issue.path.split('.')[0] as Field;
          setErrors((prev) => ({ ...prev, [field]: issue.message }));
        }
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const d = initial.defaults;
  return (
    <form className="form" onSubmit={(e) => void save(e)} noValidate>
      {error && <Alert kind="error">{error}</Alert>}
      <div className="grid-2">
        <TextField
          label={t('reports.costs.sms')}
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={sms}
          onChange={(e) => setSms(e.target.value)}
          hint={t('reports.costs.default', { value: formatVnd(d.smsInvitationVnd, lang) })}
          error={errors.smsInvitationVnd}
        />
        <TextField
          label={t('reports.costs.page')}
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={page}
          onChange={(e) => setPage(e.target.value)}
          hint={t('reports.costs.default', { value: formatVnd(d.printedPageVnd, lang) })}
          error={errors.printedPageVnd}
        />
      </div>
      <div className="checks">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={perParticipant}
            onChange={(e) => setPerParticipant(e.target.checked)}
          />
          <span>{t('reports.costs.perParticipant')}</span>
        </label>
      </div>
      {!perParticipant && (
        <div className="grid-2">
          <TextField
            label={t('reports.costs.copies')}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={copies}
            onChange={(e) => setCopies(e.target.value)}
            hint={t('reports.costs.copiesHint')}
            error={errors.copiesPerDocument}
          />
        </div>
      )}
      <p className="muted">
        {initial.updatedAt
          ? t('reports.costs.lastChanged', { at: formatDateTime(initial.updatedAt, lang) })
          : t('reports.costs.neverChanged')}
      </p>
      <div className="form__actions">
        <Button type="submit" variant="primary" icon="check" busy={busy}>
          {t('reports.costs.save')}
        </Button>
      </div>
    </form>
  );
}
