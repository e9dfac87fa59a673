/**
 * The column that dates a table's rows. A row last changed recently is still in use (the purpose
 * it serves has not ended), so a column of the last update wins over the creation time when a table
 * has both: measuring from creation would report a customer's account as "kept too long" merely
 * for being old. Names are compared case-insensitively, with `-` and spaces read as `_`.
 */
const UPDATED = ['updated_at', 'update_time', 'updatetime', 'updated_time', 'updated', 'gmt_modified', 'gmt_update', 'modified_at', 'modify_time', 'modified_time', 'modified', 'last_modified', 'last_update', 'last_updated', 'mtime', 'utime', 'date_modified', '更新时间', '修改时间', '最后更新时间', '最后修改时间'];
const CREATED = ['created_at', 'create_time', 'createtime', 'created_time', 'created', 'gmt_create', 'gmt_created', 'ctime', 'created_on', 'create_date', 'created_date', 'creation_time', 'insert_time', 'add_time', 'addtime', 'date_created', 'inserted_at', '创建时间', '创建日期', '录入时间', '登记时间', '添加时间'];

const RANK = new Map<string, number>([...UPDATED.map((n, i) => [n, i] as const), ...CREATED.map((n, i) => [n, 100 + i] as const)]);

function normal(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_').replace(/^["'`[]|["'`\]]$/g, '');
}

/** The index and name of the column dating the rows, or undefined when the table has none. */
export function timestampColumn(columns: readonly string[]): { index: number; name: string } | undefined {
  let best: { index: number; name: string; rank: number } | undefined;
  columns.forEach((c, index) => {
    const rank = RANK.get(normal(c));
    if (rank !== undefined && (!best || rank < best.rank)) best = { index, name: c, rank };
  });
  return best && { index: best.index, name: best.name };
}

/**
 * Whether a delimited file's first column is named for the time of its rows (`date`, `time`,
 * `created_at`, `日期`, `时间`): only then does a bare date opening a row date the record. A
 * `birthday` or `到期日` column opens rows with dates that say nothing about when they were kept.
 */
export function isTimeColumnName(name: string): boolean {
  const n = normal(name);
  if (/birth|dob|born|出生|生日|expir|due|valid|到期|有效/.test(n)) return false;
  return RANK.has(n) || /(?:^|_)(?:date|time|timestamp|ts|dt|day|datetime)(?:$|_)|日期|时间|时刻/.test(n);
}
