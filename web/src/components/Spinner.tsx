import type { ReactElement } from 'react';

/** A busy indicator; `label` is announced and, unless `inline`, shown under it. */
export function Spinner({ label, inline = false }: { label: string; inline?: boolean }): ReactElement {
  if (inline) {
    return <span className="spinner spinner--inline" role="status" aria-label={label} />;
  }
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="loading__label">{label}</span>
    </div>
  );
}
