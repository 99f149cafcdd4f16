import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { DocumentOpenBy, type DocumentClassification } from '@icabinet/shared';
import { Select } from '../../components/Field';

/** Who may open a document, whether it may be downloaded, and whether pages carry a watermark. */
export function ClassificationFields({
  value,
  onChange,
  disabled = false,
}: {
  value: DocumentClassification;
  onChange: (next: DocumentClassification) => void;
  disabled?: boolean;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <fieldset className="form-grid" disabled={disabled}>
      <Select
        label={t('documents.classification.openBy')}
        value={value.openBy}
        onChange={(e) => onChange({ ...value, openBy: e.target.value as DocumentOpenBy })}
        options={DocumentOpenBy.options.map((o) => ({ value: o, label: t(`documents.classification.${o}`) }))}
      />
      <div className="checks">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={value.download}
            onChange={(e) => onChange({ ...value, download: e.target.checked })}
          />
          <span>{t('documents.classification.download')}</span>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={value.watermark}
            onChange={(e) => onChange({ ...value, watermark: e.target.checked })}
          />
          <span>{t('documents.classification.watermark')}</span>
        </label>
      </div>
    </fieldset>
  );
}
