import { describe, expect, it } from 'vitest';
import { outputNames, sanitizeFileName } from './naming.ts';
import { checkColumns, coerceCell, rowToProps } from './row-props.ts';
import { parseCsvRows } from './rows.ts';

const schema = {
  type: 'object',
  properties: {
    sku: { type: 'string' },
    count: { type: 'integer' },
    show: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    price: { type: 'object', properties: { amount: { type: 'number' }, currency: { type: 'string' } } },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
};

describe('CSV rows', () => {
  it('reads quoted cells with commas, quotes and newlines, drops a BOM and blank lines, and numbers rows and lines', () => {
    const csv = '\uFEFFsku,title\nA1,"Hello, ""world"""\n\nB2,"two\nlines"\nC3,plain\n';
    const rows = parseCsvRows(csv);
    expect(rows.map((r) => r.cells)).toEqual([
      { sku: 'A1', title: 'Hello, "world"' },
      { sku: 'B2', title: 'two\nlines' },
      { sku: 'C3', title: 'plain' },
    ]);
    expect(rows.map((r) => [r.row, r.line])).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
    ]);
  });

  it('numbers the starting line right in a CRLF file whose quoted cells hold CRLF or LF line breaks', () => {
    // Windows tools and Google Sheets write CRLF records; a multi-line cell may hold CRLF too.
    const rows = parseCsvRows('sku,title\r\nA,"x\r\ny"\r\nB,z\r\nC,"p\r\n\r\nq"\r\nD,"m\nn"\r\nE,e\r\n');
    expect(rows.map((r) => [r.cells.sku, r.line])).toEqual([
      ['A', 2],
      ['B', 4],
      ['C', 5],
      ['D', 8],
      ['E', 10],
    ]);
    expect(rows[0]!.cells.title).toBe('x\ny');
  });

  it('reads a UTF-16 file with its BOM', () => {
    const rows = parseCsvRows(Buffer.from('\uFEFFsku,title\r\nA,"café, ""ü"""\r\n', 'utf16le'));
    expect(rows.map((r) => [r.line, r.cells])).toEqual([[2, { sku: 'A', title: 'café, "ü"' }]]);
  });

  it('skips the empty rows a spreadsheet exports below its data (every cell empty), keeping row and line numbers', () => {
    const rows = parseCsvRows('sku,title\nA,a\n,\n , \nB,b\n,\n,\n');
    expect(rows.map((r) => [r.row, r.line, r.cells.sku])).toEqual([
      [1, 2, 'A'],
      [2, 5, 'B'],
    ]);
  });

  it('names the problem of a malformed file', () => {
    expect(() => parseCsvRows('a,b\n"unclosed,1\n')).toThrow(/could not be read/);
    expect(() => parseCsvRows('a,b\n1,2,3\n')).toThrow(/could not be read/);
  });
});

describe('row → props', () => {
  it.each([
    ['12', { type: 'integer' }, { value: 12 }],
    ['-1.5e2', { type: 'number' }, { value: -150 }],
    ['abc', { type: 'number' }, { value: 'abc' }],
    ['yes', { type: 'boolean' }, { value: true }],
    ['0', { type: 'boolean' }, { value: false }],
    ['["a","b"]', { type: 'array' }, { value: ['a', 'b'] }],
    ['{"x":1}', { type: 'object' }, { value: { x: 1 } }],
    ['[oops', { type: 'array' }, { issue: expect.stringContaining('not valid JSON') }],
    ['', { type: 'number' }, { omit: true }],
    ['', { type: 'string' }, { value: '' }],
    ['007', { type: 'string' }, { value: '007' }],
  ])('%j as %j', (text, node, expected) => {
    expect(coerceCell(text, node)).toEqual(expected);
  });

  it('nests dotted columns, coerces them, merges over the defaults and skips _columns', () => {
    const { props, issues } = rowToProps(
      { sku: '0042', count: '3', show: 'true', tags: '["x"]', 'price.amount': '9.5', _note: 'ignored', note: 'null' },
      schema,
      { price: { amount: 1, currency: 'EUR' }, count: 1 },
    );
    expect(issues).toEqual([]);
    expect(props).toEqual({ sku: '0042', count: 3, show: true, tags: ['x'], price: { amount: 9.5, currency: 'EUR' }, note: 'null' });
  });

  it('reports a JSON cell that does not parse at its path', () => {
    expect(rowToProps({ tags: '[1,' }, schema, {}).issues[0]?.path).toEqual(['tags']);
    expect(rowToProps({ 'price.__proto__': '1' }, schema, {}).issues).toHaveLength(1);
  });
});

describe('output names', () => {
  const row = (n: number, cells: Record<string, unknown>) => ({ row: n, cells, props: cells });

  it('fills the pattern, sanitises separators, traversal and control characters, and keeps names unique', () => {
    const names = outputNames(
      '{{sku}}-{{lang}}.mp4',
      [row(1, { sku: '../../etc/passwd', lang: 'en' }), row(2, { sku: 'a/b\\c', lang: 'de' }), row(3, { sku: 'x\u0000\u202ey', lang: 'fr' }), row(4, { sku: 'same', lang: 'en' }), row(5, { sku: 'same', lang: 'en' })],
      'mp4',
    );
    expect(names).toEqual(['_._etc_passwd-en.mp4', 'a_b_c-de.mp4', 'xy-fr.mp4', 'same-en.mp4', 'same-en-2.mp4']);
    for (const name of names) {
      expect(name).not.toMatch(/[/\\]|\.\./);
      expect(name.startsWith('.')).toBe(false);
    }
  });

  it('defaults to the zero-padded row number and adds the extension', () => {
    expect(outputNames(undefined, [row(1, {}), row(10, {})], 'webm')).toEqual(['01.webm', '10.webm']);
    expect(outputNames('{{price.amount}}', [row(1, { price: { amount: 5 } })], 'mp4')).toEqual(['5.mp4']);
    expect(sanitizeFileName('..')).toBe('_');
    expect(sanitizeFileName('/')).toBe('_');
  });
});

describe('separators and columns that are not props', () => {
  it('reads a semicolon- or tab-separated export by its header line, and keeps commas inside cells', () => {
    expect(parseCsvRows('sku;price.amount;title\nA;19,90;"x; y"\n').map((r) => r.cells)).toEqual([{ sku: 'A', 'price.amount': '19,90', title: 'x; y' }]);
    expect(parseCsvRows('sku\tlang\nA\ten\n').map((r) => r.cells)).toEqual([{ sku: 'A', lang: 'en' }]);
    // A comma in the header makes it comma-separated, semicolons in cells notwithstanding.
    expect(parseCsvRows('sku,title\nA,x;y\n').map((r) => r.cells)).toEqual([{ sku: 'A', title: 'x;y' }]);
  });

  it('lists the columns that name no prop, and refuses a batch where none does', () => {
    const rows = [{ cells: { sku: 'A', 'price.amount': '1', Title: 'x', _note: 'n', '': '' } }];
    expect(checkColumns(rows, { id: 't', propsSchema: schema })).toEqual(['Title']);
    expect(() => checkColumns([{ cells: { 'sku;lang': 'A;en' } }], { id: 't', propsSchema: schema })).toThrow(/None of the columns \("sku;lang"\) is a prop of template "t", whose props are "sku", "count"/);
    // No columns at all (every row `{}`) is the defaults on purpose; a loose schema takes any column.
    expect(checkColumns([{ cells: {} }], { id: 't', propsSchema: schema })).toEqual([]);
    expect(checkColumns([{ cells: { anything: '1' } }], { id: 't', propsSchema: { ...schema, additionalProperties: {} } })).toEqual([]);
  });
});

describe('output names: edge cases', () => {
  const row = (n: number, cells: Record<string, unknown>) => ({ row: n, cells, props: cells });

  it('fills a placeholder that names an inherited member (constructor, toString) with nothing, not source code', () => {
    expect(outputNames('{{constructor}}-{{toString}}-{{sku.constructor}}-{{sku}}', [row(1, { sku: 'a' })], 'mp4')).toEqual(['---a.mp4']);
  });

  it('keeps names made unique within 180 characters', () => {
    const long = 'x'.repeat(300);
    const names = outputNames('{{sku}}', [row(1, { sku: long }), row(2, { sku: long }), row(3, { sku: long })], 'mp4');
    expect(new Set(names).size).toBe(3);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(180);
      expect(name.endsWith('.mp4')).toBe(true);
    }
    expect(names[1]).toMatch(/x-2\.mp4$/);
  });
});
