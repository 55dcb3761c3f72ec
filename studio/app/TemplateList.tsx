import { memo } from 'react';
import type { TemplateDefinition } from '../../src/runtime/define-template.ts';

/** Size, fps and length; a setting left to calculateMetadata() has only a placeholder here, so it says so. */
function metaOf(t: TemplateDefinition): string {
  const v = (key: 'width' | 'height' | 'fps' | 'durationInFrames') => (t.deferredSettings?.includes(key) ? '?' : String(t[key]));
  return `${v('width')}×${v('height')} · ${v('fps')} fps · ${t.deferredSettings?.includes('durationInFrames') ? 'calculated length' : `${t.durationInFrames} f`}`;
}

/** Templates, grouped by their `folder` when they declare one. */
export const TemplateList = memo(function TemplateList({ templates, selected, onSelect }: { templates: TemplateDefinition[]; selected: string | undefined; onSelect(id: string): void }) {
  const groups = new Map<string, TemplateDefinition[]>();
  for (const t of templates) {
    const folder = (t as { folder?: unknown }).folder;
    const key = typeof folder === 'string' ? folder : '';
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
  return (
    <nav className="template-list" aria-label="Templates">
      <h2>Templates</h2>
      {templates.length === 0 && <p className="muted">No templates registered yet.</p>}
      {ordered.map(([folder, list]) => (
        <div key={folder || '(root)'} className="template-group">
          {folder && <h3>{folder}</h3>}
          <ul>
            {list.map((t) => (
              <li key={t.id}>
                <button type="button" className={t.id === selected ? 'selected' : ''} aria-current={t.id === selected} data-template-id={t.id} onClick={() => onSelect(t.id)}>
                  <span className="template-id">{t.id}</span>
                  <span className="template-meta">{metaOf(t)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
});
