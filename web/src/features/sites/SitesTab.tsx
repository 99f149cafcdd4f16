import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Meeting, SiteView } from '@icabinet/shared';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { errorText } from '../../lib/errors';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import {
  districtState,
  sameSelection,
  selectionTotals,
  siteTree,
  toggleDistrict,
  toggleSite,
  type DistrictGroup,
} from './site-selection';
import { sitesApi } from './sites.api';
import { ViewerLinksPanel } from '../viewers/ViewerLinksPanel';
import './sites.css';

/** A count as Vietnamese officials write it (1.250), or with the English separator. */
const num = (n: number): string => n.toLocaleString(currentLanguage() === 'en' ? 'en-GB' : 'vi-VN');

/** A checkbox whose third state ("some communes") the DOM only takes as a property. */
function MixedCheckbox({
  state,
  onChange,
  label,
  disabled,
}: {
  state: 'all' | 'some' | 'none';
  onChange: () => void;
  label: string;
  disabled: boolean;
}): ReactElement {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={state === 'all'}
      aria-checked={state === 'some' ? 'mixed' : state === 'all'}
      aria-label={label}
      disabled={disabled}
      onChange={onChange}
    />
  );
}

function DistrictRow({
  group,
  picked,
  setPicked,
  disabled,
}: {
  group: DistrictGroup<SiteView>;
  picked: Set<string>;
  setPicked: (next: Set<string>) => void;
  disabled: boolean;
}): ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const state = districtState(group, picked);
  const chosen = group.communes.filter((c) => picked.has(c.id)).length;
  return (
    <li className="site-pick__district" data-state={state}>
      <div className="site-pick__row">
        <label className="checkbox site-pick__label">
          <MixedCheckbox
            state={state}
            disabled={disabled}
            label={t('sites.pick.wholeDistrict', { name: group.district.name })}
            onChange={() => setPicked(toggleDistrict(group, picked))}
          />
          <span>
            <strong>{group.district.name}</strong>
            <span className="muted">
              {' · '}
              {t('sites.pick.communesChosen', {
                chosen: String(chosen),
                total: String(group.communes.length),
              })}
            </span>
          </span>
        </label>
        {group.communes.length > 0 && (
          <Button
            variant="ghost"
            icon={open ? 'arrowUp' : 'arrowDown'}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? t('sites.pick.hideCommunes') : t('sites.pick.showCommunes')}
          </Button>
        )}
      </div>
      {open && (
        <ul className="site-pick__communes">
          {group.communes.map((c) => (
            <li key={c.id}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={picked.has(c.id)}
                  disabled={disabled}
                  onChange={() => setPicked(toggleSite(c.id, picked))}
                />
                <span>
                  {c.name}{' '}
                  <span className="muted">
                    ({t('sites.pick.delegates', { n: num(c.expectedDelegates) })})
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * The editor's "Điểm cầu" tab of an online meeting: the secretariat picks the linked sites — a
 * whole district with its communes in one click — and saves; each site's operator is invited.
 */
export function SitesTab({ meeting, canEdit }: { meeting: Meeting; canEdit: boolean }): ReactElement {
  const { t } = useTranslation();
  const toast = useToast();
  const sites = useResource(useCallback((signal: AbortSignal) => sitesApi.list(signal), []));
  const linked = useResource(
    useCallback((signal: AbortSignal) => sitesApi.rollup(meeting.id, signal), [meeting.id]),
  );
  const saved = useMemo(() => new Set(linked.data?.sites.map((s) => s.siteId) ?? []), [linked.data]);
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = picked ?? saved;
  const all = useMemo(() => sites.data?.items ?? [], [sites.data]);
  const tree = useMemo(() => siteTree(all), [all]);
  const totals = selectionTotals(all, current);
  const disabled = !canEdit || saving;

  if (meeting.kind !== 'online') return <Alert kind="info">{t('sites.pick.notOnline')}</Alert>;
  const failed = sites.status === 'error' ? sites : linked.status === 'error' ? linked : null;
  if (failed && !(sites.data && linked.data))
    return <ErrorState error={failed.error} onRetry={failed.reload} />;
  if (!sites.data || !linked.data) return <Spinner label={t('common.loading')} />;
  if (all.length === 0)
    return <EmptyState icon="units" title={t('sites.empty')} text={t('sites.pick.emptyText')} />;

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const result = await sitesApi.link(meeting.id, { siteIds: [...current], includeDescendants: false });
      linked.mutate(() => result);
      setPicked(null);
      toast.show('success', t('sites.pick.saved', { n: String(result.sites.length) }));
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="site-pick" aria-labelledby="site-pick-title">
      <h2 id="site-pick-title" className="site-pick__title">
        {t('sites.pick.title')}
      </h2>
      <p className="muted">{t('sites.pick.intro')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      <ul className="site-pick__list">
        {tree.cities.map((c) => (
          <li key={c.id} className="site-pick__district">
            <label className="checkbox site-pick__label">
              <input
                type="checkbox"
                checked={current.has(c.id)}
                disabled={disabled}
                onChange={() => setPicked(toggleSite(c.id, current))}
              />
              <span>
                <strong>{c.name}</strong>{' '}
                <span className="muted">({t('sites.pick.delegates', { n: num(c.expectedDelegates) })})</span>
              </span>
            </label>
          </li>
        ))}
        {tree.districts.map((g) => (
          <DistrictRow
            key={g.district.id}
            group={g}
            picked={current}
            setPicked={setPicked}
            disabled={disabled}
          />
        ))}
      </ul>
      <div className="site-pick__bar" role="status">
        <span>{t('sites.pick.totals', { sites: num(totals.sites), delegates: num(totals.delegates) })}</span>
        {canEdit && (
          <Button
            variant="primary"
            icon="check"
            busy={saving}
            disabled={saving || sameSelection(current, saved)}
            onClick={() => void save()}
          >
            {t('sites.pick.save')}
          </Button>
        )}
      </div>
      {canEdit && meeting.confidentiality !== 'confidential' && (
        <ViewerLinksPanel
          meetingId={meeting.id}
          sites={linked.data.sites.map((s) => ({ id: s.siteId, name: s.name }))}
        />
      )}
    </section>
  );
}
