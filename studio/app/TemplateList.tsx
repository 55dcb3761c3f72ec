import { memo } from 'react';
import type { TemplateDefinition } from '../../src/runtime/define-template.ts';

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
                  <span className="template-meta">
                    {t.width}×{t.height} · {t.fps} fps · {t.durationInFrames} f
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
});
