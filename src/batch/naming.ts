/**
 * Output file names of a batch from a pattern such as `{{sku}}-{{lang}}.mp4`: placeholders are
 * the row's columns (dotted names too) or `{{row}}`; the result is made safe to use as a file
 * name in a zip or a folder, and unique within the batch.
 */

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const MAX_NAME = 180;

/** A single path segment with no separators, traversal, control or reserved characters. */
export function sanitizeFileName(name: string): string {
  let safe = name
    .normalize('NFC')
    // Separators and characters Windows, macOS or zip tools treat specially.
    .replace(/[/\\:*?"<>|]/g, '_')
    // Control characters (C0, DEL, C1) and bidi overrides that disguise extensions.
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  // No `..` anywhere and no leading dots: nothing that reads as a parent or a hidden file.
  safe = safe.replace(/\.{2,}/g, '.').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (safe.length > MAX_NAME) {
    const ext = /\.[A-Za-z0-9]{1,8}$/.exec(safe)?.[0] ?? '';
    safe = safe.slice(0, MAX_NAME - ext.length) + ext;
  }
  return safe || '_';
}

function lookup(cells: Record<string, unknown>, props: Record<string, unknown>, key: string): string {
  // Own members only: `{{constructor}}` must not name Object's function.
  if (Object.hasOwn(cells, key)) return String(cells[key] ?? '');
  let node: unknown = props;
  for (const segment of key.split('.')) node = node && typeof node === 'object' && Object.hasOwn(node, segment) ? (node as Record<string, unknown>)[segment] : undefined;
  return node === undefined || node === null ? '' : typeof node === 'object' ? JSON.stringify(node) : String(node);
}

export interface NamedRow {
  row: number;
  cells: Record<string, unknown>;
  props: Record<string, unknown>;
}

/**
 * One name per row, in order. The extension is the output format's unless the pattern gives
 * one; duplicates get `-2`, `-3`, ... before the extension. Default pattern: `{{row}}`.
 */
export function outputNames(pattern: string | undefined, rows: readonly NamedRow[], extension: string): string[] {
  const used = new Set<string>();
  const width = String(Math.max(1, ...rows.map((r) => r.row))).length;
  return rows.map((r) => {
    const filled = (pattern ?? '{{row}}').replace(PLACEHOLDER, (_m, key: string) =>
      key === 'row' ? String(r.row).padStart(width, '0') : lookup(r.cells, r.props, key).replace(/[/\\]/g, '_'),
    );
    let name = sanitizeFileName(filled);
    if (!name.toLowerCase().endsWith(`.${extension}`)) name = sanitizeFileName(`${name}.${extension}`);
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let unique = name;
    // The suffix goes inside the length limit: a long stem is cut, not the name made longer.
    for (let n = 2; used.has(unique.toLowerCase()); n++) unique = `${stem.slice(0, MAX_NAME - ext.length - `-${n}`.length)}-${n}${ext}`;
    used.add(unique.toLowerCase());
    return unique;
  });
}
