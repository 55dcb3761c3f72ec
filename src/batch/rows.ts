import { parse } from 'csv-parse/sync';
import { FramewrightError } from '../errors/index.ts';

/** One input row as read from CSV or JSON: its 1-based number and its cells by column name. */
export interface InputRow {
  /** 1-based among the data rows (the CSV header is not a row). */
  row: number;
  /** 1-based line of the CSV file where the row starts (absent for JSON). */
  line?: number;
  cells: Record<string, unknown>;
}

/**
 * Parses CSV text with a real parser: a header line names the columns; quoted cells may hold
 * commas, quotes and newlines; a UTF-8 BOM is dropped; blank lines are skipped. A malformed file
 * (an unclosed quote, a row with more cells than the header) is INVALID_BODY naming the line.
 */
export function parseCsvRows(input: string | Buffer): InputRow[] {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(input, { bom: true, columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, info: true, relax_column_count_less: true }) as typeof records;
  } catch (error) {
    throw new FramewrightError('INVALID_BODY', `The CSV could not be read: ${(error as Error).message}`, { cause: error, issues: [{ path: ['file'], message: (error as Error).message }] });
  }
  // info.lines is the line the record ends on; a quoted cell with newlines started it earlier.
  return records.map(({ record, info }, i) => {
    const newlines = Object.values(record).reduce((n, cell) => n + (cell.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
    return { row: i + 1, line: info.lines - newlines, cells: record };
  });
}

/** JSON rows: each an object of cells (dotted names allowed, nested objects kept as they are). */
export function jsonRows(rows: readonly unknown[]): InputRow[] {
  return rows.map((cells, i) => {
    if (!cells || typeof cells !== 'object' || Array.isArray(cells)) {
      throw new FramewrightError('INVALID_BODY', `Row ${i + 1} must be a JSON object`, { issues: [{ path: ['rows', i], message: 'must be a JSON object' }] });
    }
    return { row: i + 1, cells: cells as Record<string, unknown> };
  });
}

/** Reads a rows file by its extension: `.csv`, or `.json` (an array of objects, or `{rows: [...]}`). */
export function parseRowsFile(name: string, content: Buffer): InputRow[] {
  if (/\.json$/i.test(name)) {
    let data: unknown;
    try {
      data = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new FramewrightError('INVALID_OPTIONS', `${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const rows = Array.isArray(data) ? data : (data as { rows?: unknown } | null)?.rows;
    if (!Array.isArray(rows)) throw new FramewrightError('INVALID_OPTIONS', `${name} must hold an array of row objects (or {"rows": [...]})`);
    return jsonRows(rows);
  }
  return parseCsvRows(content);
}
