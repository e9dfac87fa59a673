/**
 * The statements of a SQL dump that say what the data is: CREATE TABLE (column names and primary
 * key), ALTER TABLE … ADD … PRIMARY KEY (pg_dump), the head of an INSERT (table and column list)
 * and of a COPY. Small texts (the head of a statement, never its data), parsed with a tokenizer
 * that knows the identifier quotes of MySQL (`x`), PostgreSQL/SQLite ("x") and SQL Server ([x]).
 */

interface Token {
  kind: 'ident' | 'quoted' | 'string' | 'punct' | 'number';
  text: string;
}

/** Tokens of a statement head; comments skipped, strings kept as one token (their content is not needed). */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
    } else if (ch === '/' && sql[i + 1] === '*' && sql[i + 2] !== '!') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === '/' && sql[i + 1] === '*') {
      i += 3; // MySQL version comment `/*!40101 … */`: its content is SQL
      while (i < n && /\d/.test(sql[i])) i++;
    } else if (ch === '*' && sql[i + 1] === '/') {
      i += 2;
    } else if (ch === '`' || ch === '"' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      let text = '';
      for (;;) {
        const k = sql.indexOf(close, j);
        if (k === -1) {
          text += sql.slice(j);
          j = n;
          break;
        }
        text += sql.slice(j, k);
        if (close !== ']' && sql[k + 1] === close) {
          text += close; // a doubled quote inside a quoted identifier
          j = k + 2;
          continue;
        }
        j = k + 1;
        break;
      }
      out.push({ kind: 'quoted', text });
      i = j;
    } else if (ch === "'") {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      out.push({ kind: 'string', text: sql.slice(i + 1, j) });
      i = j + 1;
    } else if (/[\p{L}\p{N}_$]/u.test(ch)) {
      let j = i + 1;
      while (j < n && /[\p{L}\p{N}_$]/u.test(sql[j])) j++;
      const text = sql.slice(i, j);
      out.push({ kind: /^\d/.test(text) ? 'number' : 'ident', text });
      i = j;
    } else {
      out.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return out;
}

const isWord = (t: Token | undefined, ...words: string[]): boolean => t?.kind === 'ident' && words.includes(t.text.toUpperCase());
const isPunct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && t.text === p;
const isName = (t: Token | undefined): boolean => t?.kind === 'ident' || t?.kind === 'quoted';

/** A possibly qualified name (`db`.`t`, public.t) starting at `i`: its parts joined by '.', and the index after it. */
function qualifiedName(tokens: Token[], i: number): { name: string; next: number } | undefined {
  if (!isName(tokens[i])) return undefined;
  const parts = [tokens[i].text];
  let j = i + 1;
  while (isPunct(tokens[j], '.') && isName(tokens[j + 1])) {
    parts.push(tokens[j + 1].text);
    j += 2;
  }
  return { name: parts.join('.'), next: j };
}

/** `(a, b, c)` at `i`: the names, and the index after `)`. Expressions inside (an index on lower(x)) give their first name. */
function nameList(tokens: Token[], i: number): { names: string[]; next: number } | undefined {
  if (!isPunct(tokens[i], '(')) return undefined;
  const names: string[] = [];
  let depth = 0;
  let expectName = true;
  let j = i;
  for (; j < tokens.length; j++) {
    const t = tokens[j];
    if (isPunct(t, '(')) {
      depth++;
      continue;
    }
    if (isPunct(t, ')')) {
      if (--depth === 0) return { names, next: j + 1 };
      continue;
    }
    if (depth === 1 && isPunct(t, ',')) {
      expectName = true;
      continue;
    }
    if (depth === 1 && expectName && isName(t)) {
      names.push(t.text);
      expectName = false;
    }
  }
  return { names, next: j };
}

/** What the dump tells about a table. */
export interface TableSchema {
  name: string;
  columns: string[];
  /** Primary key column names in key order; empty when not (yet) known. */
  key: string[];
}

const CONSTRAINT_WORDS = ['PRIMARY', 'KEY', 'INDEX', 'UNIQUE', 'CONSTRAINT', 'FOREIGN', 'CHECK', 'FULLTEXT', 'SPATIAL', 'EXCLUDE', 'LIKE', 'PERIOD'];

/** `CREATE [TEMPORARY|UNLOGGED] TABLE [IF NOT EXISTS] name (…)`: columns and primary key; undefined for anything else (CREATE TABLE … AS SELECT). */
export function parseCreateTable(sql: string): TableSchema | undefined {
  const t = tokenize(sql);
  let i = 0;
  if (!isWord(t[i++], 'CREATE')) return undefined;
  if (isWord(t[i], 'OR') && isWord(t[i + 1], 'REPLACE')) i += 2;
  while (isWord(t[i], 'TEMPORARY', 'TEMP', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'VIRTUAL')) i++;
  if (!isWord(t[i++], 'TABLE')) return undefined;
  if (isWord(t[i], 'IF') && isWord(t[i + 1], 'NOT') && isWord(t[i + 2], 'EXISTS')) i += 3;
  const q = qualifiedName(t, i);
  if (!q || !isPunct(t[q.next], '(')) return undefined;
  const columns: string[] = [];
  let key: string[] = [];
  // Walk the top-level items of the parenthesised body.
  let j = q.next + 1;
  while (j < t.length && !isPunct(t[j], ')')) {
    const start = j;
    let depth = 0;
    for (; j < t.length; j++) {
      if (isPunct(t[j], '(')) depth++;
      else if (isPunct(t[j], ')')) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && isPunct(t[j], ',')) break;
    }
    const item = t.slice(start, j);
    if (isPunct(t[j], ',')) j++;
    if (!item.length) continue;
    const pk = item.findIndex((x, k) => isWord(x, 'PRIMARY') && isWord(item[k + 1], 'KEY'));
    if (item[0].kind === 'ident' && CONSTRAINT_WORDS.includes(item[0].text.toUpperCase())) {
      if (pk !== -1) key = nameList(item, pk + 2)?.names ?? key;
      continue;
    }
    if (!isName(item[0])) continue;
    columns.push(item[0].text);
    if (pk !== -1) key = [item[0].text]; // `id integer PRIMARY KEY`
  }
  if (!columns.length) return undefined;
  return { name: q.name, columns, key };
}

/** `ALTER TABLE [ONLY] [IF EXISTS] name ADD [CONSTRAINT x] PRIMARY KEY (a, b)` (pg_dump writes keys this way, after the data). */
export function parseAlterPrimaryKey(sql: string): { name: string; key: string[] } | undefined {
  const t = tokenize(sql);
  let i = 0;
  if (!isWord(t[i++], 'ALTER') || !isWord(t[i++], 'TABLE')) return undefined;
  if (isWord(t[i], 'IF') && isWord(t[i + 1], 'EXISTS')) i += 2;
  if (isWord(t[i], 'ONLY')) i++;
  const q = qualifiedName(t, i);
  if (!q) return undefined;
  const pk = t.findIndex((x, k) => k >= q.next && isWord(x, 'PRIMARY') && isWord(t[k + 1], 'KEY'));
  if (pk === -1 || !t.slice(q.next, pk).some((x) => isWord(x, 'ADD'))) return undefined;
  const list = nameList(t, pk + 2);
  return list?.names.length ? { name: q.name, key: list.names } : undefined;
}

/** The head of an INSERT up to VALUES: `INSERT [IGNORE] INTO name [(a, b)] VALUES`. */
export function parseInsertHead(sql: string): { name: string; columns?: string[] } | undefined {
  const t = tokenize(sql);
  let i = 0;
  if (!isWord(t[i++], 'INSERT', 'REPLACE')) return undefined;
  while (isWord(t[i], 'LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'OR')) {
    i++;
    if (isWord(t[i], 'REPLACE', 'IGNORE', 'ABORT', 'FAIL', 'ROLLBACK') && isWord(t[i - 1], 'OR')) i++; // SQLite INSERT OR REPLACE
  }
  if (isWord(t[i], 'INTO')) i++;
  const q = qualifiedName(t, i);
  if (!q) return undefined;
  let j = q.next;
  if (isWord(t[j], 'AS') && isName(t[j + 1])) j += 2; // pg: INSERT INTO t AS alias
  const list = optionalNameList(t, j);
  if (!list) return undefined;
  const columns = list.names;
  j = list.next;
  if (isWord(t[j], 'OVERRIDING')) j += 3; // pg: OVERRIDING SYSTEM VALUE
  return isWord(t[j], 'VALUES', 'VALUE') ? { name: q.name, columns } : undefined;
}

/** An optional `(a, b)` column list at t[j]: its names (none when absent) and where it ends; undefined when malformed. */
function optionalNameList(t: Token[], j: number): { names?: string[]; next: number } | undefined {
  return isPunct(t[j], '(') ? nameList(t, j) : { next: j };
}

/** `COPY name (a, b) FROM stdin;` (pg_dump data blocks). */
export function parseCopyHead(sql: string): { name: string; columns?: string[] } | undefined {
  const t = tokenize(sql);
  if (!isWord(t[0], 'COPY')) return undefined;
  const q = qualifiedName(t, 1);
  if (!q) return undefined;
  const list = optionalNameList(t, q.next);
  if (!list) return undefined;
  const { names: columns, next: j } = list;
  return isWord(t[j], 'FROM') && isWord(t[j + 1], 'STDIN') ? { name: q.name, columns } : undefined;
}

/** Lower-cased name for matching a CREATE TABLE to its INSERTs (`db`.`t` and t name the same table when only one db is dumped). */
export function tableKey(name: string): string {
  return name.toLowerCase();
}
