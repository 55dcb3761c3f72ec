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
 * commas, quotes and newlines; the separator is a comma, or a semicolon or tab when the header
 * line has no comma but those; a UTF-8 (or UTF-16) BOM is dropped; blank lines are skipped, and
 * so are rows whose every cell is empty (`,,,`: spreadsheets export the formatted but empty rows
 * below the data that way, and they are not rows anyone meant to render). Line breaks (CRLF, CR
 * or LF) all read as LF, inside cells too. A malformed file (an unclosed quote, a row with more
 * cells than the header) is INVALID_BODY naming the line.
 */
export function parseCsvRows(input: string | Buffer): InputRow[] {
  // csv-parse counts a CRLF inside a quoted cell as two lines (and carries the excess into every
  // later row), so a CRLF file's line numbers drift; with LF only they are exact.
  const text = csvText(input).replace(/\r\n?/g, '\n');
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { delimiter: delimiterOf(text), columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, skip_records_with_empty_values: true, info: true, relax_column_count_less: true }) as typeof records;
  } catch (error) {
    throw new FramewrightError('INVALID_BODY', `The CSV could not be read: ${(error as Error).message}`, { cause: error, issues: [{ path: ['file'], message: (error as Error).message }] });
  }
  // info.lines is the line the record ends on; a quoted cell with newlines started it earlier.
  return records.map(({ record, info }, i) => {
    const newlines = Object.values(record).reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    return { row: i + 1, line: info.lines - newlines, cells: record };
  });
}

/**
 * The separator, from the header line: a comma, unless the header has no comma but semicolons
 * (Excel's CSV in locales where the comma is the decimal mark) or tabs (a sheet's "TSV" export).
 */
function delimiterOf(text: string): string {
  // Quoted header names may hold any character; only what is outside quotes separates.
  const header = (text.split('\n', 1)[0] ?? '').replace(/"[^"]*"/g, '');
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

/** The file as text: UTF-8 unless a UTF-16 BOM says otherwise, without its BOM. */
function csvText(input: string | Buffer): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  if (input[0] === 0xff && input[1] === 0xfe) return input.subarray(2).toString('utf16le');
  if (input[0] === 0xfe && input[1] === 0xff) return Buffer.from(input.subarray(2)).swap16().toString('utf16le');
  return input.toString('utf8').replace(/^\uFEFF/, '');
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
