import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnnotationLayer } from '@icabinet/shared';
import { COLORS, WIDTHS, type ColorName, type Tool, type WidthName } from './annotations.model';
import { AnnotationIcon, type AnnotationIconName } from './AnnotationIcon';
import type { LayerStatus } from '../../lib/collab/layer-sync';

const TOOLS: readonly Tool[] = ['select', 'pen', 'highlighter', 'note', 'text', 'eraser'];
const TOOL_ICONS: Record<Tool, AnnotationIconName> = {
  select: 'select',
  pen: 'pen',
  highlighter: 'highlighter',
  note: 'note',
  text: 'text',
  eraser: 'eraser',
};

/** What the toolbar shows and changes. */
export interface ToolbarState {
  layer: AnnotationLayer;
  tool: Tool;
  color: ColorName;
  width: WidthName;
}

/**
 * The annotation tools, a second row of the viewer's toolbar: layer, tool, colour, width,
 * undo/redo, the notes panel and the export. Every control is at least 44 px for a finger.
 */
export function AnnotationToolbar({
  state,
  onChange,
  sharedWritable,
  status,
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  notesOpen,
  onToggleNotes,
  exportUrl,
}: {
  state: ToolbarState;
  onChange: (next: ToolbarState) => void;
  /** Whether the shared layer accepts my writes (null: not known yet, offline). */
  sharedWritable: boolean | null;
  status: LayerStatus | null;
  canUndo: boolean;
  canRedo: boolean;
  onUndo: () => void;
  onRedo: () => void;
  notesOpen: boolean;
  onToggleNotes: () => void;
  /** The annotated export, or null when the reader may not download this document. */
  exportUrl: string | null;
}): ReactElement {
  const { t } = useTranslation();
  const set = (patch: Partial<ToolbarState>) => onChange({ ...state, ...patch });
  const drawsInk =
    state.tool === 'pen' || state.tool === 'highlighter' || state.tool === 'note' || state.tool === 'text';
  const sharedHint =
    sharedWritable === false
      ? t('annotations.sharedReadOnly')
      : sharedWritable === null
        ? t('annotations.sharedUnknown')
        : null;

  return (
    <div className="ann-toolbar" role="group" aria-label={t('annotations.toolbar')}>
      <div className="ann-segment" role="radiogroup" aria-label={t('annotations.layer')}>
        {(['private', 'shared'] as const).map((layer) => (
          <button
            key={layer}
            type="button"
            role="radio"
            aria-checked={state.layer === layer}
            className={state.layer === layer ? 'ann-btn is-active' : 'ann-btn'}
            disabled={layer === 'shared' && sharedWritable !== true}
            aria-describedby={layer === 'shared' && sharedHint ? 'ann-shared-hint' : undefined}
            onClick={() => set({ layer })}
          >
            <AnnotationIcon name={layer === 'private' ? 'lock' : 'users'} />
            <span>{t(`annotations.layers.${layer}`)}</span>
          </button>
        ))}
      </div>
      {sharedHint && (
        <span id="ann-shared-hint" className="ann-hint">
          {sharedHint}
        </span>
      )}
      <div className="ann-toolbar__row">
        <div className="ann-segment" role="radiogroup" aria-label={t('annotations.toolbar')}>
          {TOOLS.map((tool) => (
            <button
              key={tool}
              type="button"
              role="radio"
              aria-checked={state.tool === tool}
              className={state.tool === tool ? 'ann-btn ann-btn--tool is-active' : 'ann-btn ann-btn--tool'}
              onClick={() => set({ tool })}
            >
              <AnnotationIcon name={TOOL_ICONS[tool]} />
              <span>{t(`annotations.tools.${tool}`)}</span>
            </button>
          ))}
        </div>
        {drawsInk && (
          <div className="ann-swatches" role="radiogroup" aria-label={t('annotations.color')}>
            {(Object.keys(COLORS) as ColorName[]).map((color) => (
              <button
                key={color}
                type="button"
                role="radio"
                aria-checked={state.color === color}
                aria-label={t(`annotations.colors.${color}`)}
                title={t(`annotations.colors.${color}`)}
                className={state.color === color ? 'ann-swatch is-active' : 'ann-swatch'}
                onClick={() => set({ color })}
              >
                <span style={{ background: COLORS[color] }} />
              </button>
            ))}
          </div>
        )}
        {state.tool === 'pen' && (
          <div className="ann-swatches" role="radiogroup" aria-label={t('annotations.width')}>
            {(Object.keys(WIDTHS) as WidthName[]).map((width) => (
              <button
                key={width}
                type="button"
                role="radio"
                aria-checked={state.width === width}
                aria-label={t(`annotations.widths.${width}`)}
                title={t(`annotations.widths.${width}`)}
                className={state.width === width ? 'ann-swatch is-active' : 'ann-swatch'}
                onClick={() => set({ width })}
              >
                <span className="ann-width" style={{ height: WIDTHS[width] / 5 }} />
              </button>
            ))}
          </div>
        )}
        <div className="ann-segment">
          <button type="button" className="ann-btn ann-btn--icon" disabled={!canUndo} onClick={onUndo}>
            <AnnotationIcon name="undo" />
            <span className="visually-hidden">{t('annotations.undo')}</span>
          </button>
          <button type="button" className="ann-btn ann-btn--icon" disabled={!canRedo} onClick={onRedo}>
            <AnnotationIcon name="redo" />
            <span className="visually-hidden">{t('annotations.redo')}</span>
          </button>
        </div>
        <span className="viewer__spacer" />
        {status && (
          <span className={`ann-status is-${status}`} role="status">
            {t(`annotations.status.${status}`)}
          </span>
        )}
        <button
          type="button"
          className={notesOpen ? 'ann-btn is-active' : 'ann-btn'}
          aria-pressed={notesOpen}
          onClick={onToggleNotes}
        >
          <AnnotationIcon name="notes" />
          <span>{t('annotations.myNotes')}</span>
        </button>
        {exportUrl && (
          <a className="ann-btn" href={exportUrl} download>
            <AnnotationIcon name="download" />
            <span>{t('annotations.download')}</span>
          </a>
        )}
      </div>
    </div>
  );
}
