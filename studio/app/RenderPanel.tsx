import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { memo, useEffect, useRef, useState } from 'react';
import { apiUrl, cancelRender, downloadWithKey, followRender, getApiKey, renderStillImage, saveBlob, setApiKey, submitRender, type RenderView } from './api-client.ts';

export interface RenderPanelProps {
  mode: 'local' | 'service';
  optionsSchema: Record<string, unknown> | undefined;
  template: string | undefined;
  /** The last valid props (what the preview shows). */
  props: Record<string, unknown> | undefined;
  /** The frame on screen now (a function: the panel need not re-render on every frame). */
  currentFrame(): number;
}

interface Row {
  key: string;
  label: string;
  view?: RenderView;
  stillUrl?: string;
  error?: string;
}

const EXTENSIONS: Record<string, string> = { 'video/mp4': 'mp4', 'video/webm': 'webm', 'video/quicktime': 'mov', 'image/gif': 'gif', 'application/zip': 'zip', 'audio/mpeg': 'mp3', 'audio/aac': 'aac', 'audio/wav': 'wav' };

/** Render the current template and props (format and options from the option registry); save a still; the renders of this session. */
export const RenderPanel = memo(function RenderPanel({ mode, optionsSchema, template, props, currentFrame }: RenderPanelProps) {
  const [options, setOptions] = useState<Record<string, unknown>>({ format: 'mp4' });
  const [rows, setRows] = useState<Row[]>([]);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(getApiKey);
  const streams = useRef(new Set<AbortController>());
  useEffect(() => () => streams.current.forEach((c) => c.abort()), []);

  const patch = (rowKey: string, update: Partial<Row>) => setRows((all) => all.map((r) => (r.key === rowKey ? { ...r, ...update } : r)));
  const ready = Boolean(template && props);

  const render = async () => {
    if (!template || !props) return;
    setBusy(true);
    const rowKey = `r${Date.now()}${Math.random()}`;
    const output = Object.fromEntries(Object.entries(options).filter(([, v]) => isSet(v)));
    setRows((all) => [{ key: rowKey, label: `${template} · ${String(output.format ?? 'mp4')}` }, ...all]);
    try {
      const view = await submitRender({ template, props, output });
      patch(rowKey, { view });
      const controller = new AbortController();
      streams.current.add(controller);
      await followRender(view.id, (v) => patch(rowKey, { view: v }), controller.signal).finally(() => streams.current.delete(controller));
    } catch (error) {
      patch(rowKey, { error: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const still = async () => {
    if (!template || !props) return;
    const frame = currentFrame();
    const rowKey = `s${Date.now()}${Math.random()}`;
    setRows((all) => [{ key: rowKey, label: `${template} · still of frame ${frame}` }, ...all]);
    try {
      const blob = await renderStillImage({ template, props, frame, format: 'png' });
      patch(rowKey, { stillUrl: saveBlob(blob, `${template}-${frame}.png`) });
    } catch (error) {
      patch(rowKey, { error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section className="render-panel" aria-label="Render">
      <h2>Render</h2>
      <p className="muted">{mode === 'local' ? 'Renders with the engine on this machine.' : 'Submits to this service (POST /v1/renders).'}</p>
      <label className="render-format">
        Format{' '}
        <select aria-label="Format" value={String(options.format ?? 'mp4')} onChange={(e) => setOptions((o) => ({ ...o, format: e.currentTarget.value }))}>
          {formatsOf(optionsSchema).map((f) => (
            <option key={f} value={f}>{f}</option>
          ))}
        </select>
      </label>
      {optionsSchema && (
        <details className="render-options">
          <summary>Options ({String(options.format ?? 'mp4')})</summary>
          <Form
            schema={optionsSchema as RJSFSchema}
            formData={options}
            validator={validator}
            noValidate
            showErrorList={false}
            uiSchema={{ 'ui:submitButtonOptions': { norender: true }, format: { 'ui:widget': 'hidden' } }}
            // Send only what the author set: the engine (or the service) fills every default itself.
            experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipDefaults', arrayMinItems: { populate: 'never' } }}
            onChange={(e) => setOptions((e.formData ?? {}) as Record<string, unknown>)}
          />
        </details>
      )}
      {mode === 'service' && (
        <label className="api-key">
          API key{' '}
          <input type="password" value={key} placeholder="only if the service requires one" onChange={(e) => {
            setKey(e.currentTarget.value);
            setApiKey(e.currentTarget.value);
          }} />
        </label>
      )}
      <div className="render-actions">
        <button type="button" className="primary" disabled={!ready || busy} onClick={() => void render()} data-testid="render-button">Render</button>
        <button type="button" disabled={!ready} onClick={() => void still()} data-testid="still-button">Save still</button>
      </div>
      <ul className="render-list" aria-label="Renders">
        {rows.map((r) => (
          <RenderRow key={r.key} row={r} />
        ))}
      </ul>
    </section>
  );
});

/** A value the author actually gave: not empty, and no half-filled tuple or object. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0 && value.every(isSet);
  if (typeof value === 'object') return Object.values(value).some(isSet);
  return true;
}

/** The output formats the option registry lists. */
function formatsOf(schema: Record<string, unknown> | undefined): string[] {
  const format = (schema?.properties as Record<string, { enum?: unknown[] }> | undefined)?.format;
  return Array.isArray(format?.enum) ? format.enum.map(String) : ['mp4'];
}

function RenderRow({ row }: { row: Row }) {
  const v = row.view;
  const percent = Math.round((v?.progress ?? 0) * 100);
  const url = v?.output ? apiUrl(v.output.url.replace(/^https?:\/\/[^/]+/, '')) : undefined;
  const fileName = v && v.output ? `${v.template}-${v.id}.${EXTENSIONS[v.output.contentType] ?? 'bin'}` : '';
  return (
    <li className={`render-row ${v?.status ?? (row.error ? 'failed' : row.stillUrl ? 'succeeded' : 'active')}`} data-render-id={v?.id}>
      <div className="render-label">{row.label}</div>
      {v && v.status !== 'succeeded' && !row.error && (
        <div className="render-progress">
          <progress max={100} value={percent} /> <span data-testid="render-percent">{percent} %</span> <span className="muted">{v.stage}</span>{' '}
          {(v.status === 'active' || v.status === 'queued') && (
            <button type="button" onClick={() => void cancelRender(v.id).catch(() => undefined)}>
              Cancel
            </button>
          )}
        </div>
      )}
      {v?.status === 'succeeded' && url && (
        <div className="render-done">
          <span data-testid="render-percent">100 %</span>{' '}
          <a
            href={url}
            download={fileName}
            data-testid="render-download"
            onClick={(e) => {
              if (!getApiKey()) return;
              e.preventDefault();
              void downloadWithKey(url, fileName);
            }}
          >
            Download
          </a>{' '}
          <span className="muted">{((v.output?.bytes ?? 0) / 1e6).toFixed(2)} MB</span>
        </div>
      )}
      {row.stillUrl && (
        <a href={row.stillUrl} download>
          Download still
        </a>
      )}
      {(row.error || v?.error) && <div className="field-error">{row.error ?? `${v?.error?.code}: ${v?.error?.message}`}</div>}
    </li>
  );
}
