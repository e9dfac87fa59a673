import type { Lang } from '../../rules/load.js';
import type { Severity } from '../../model/severity.js';

/** Every fixed text of the HTML report, in both languages (rule and article texts come from rules/). */
const TEXT = {
  title: { zh: 'piaudit 个人信息审计报告', en: 'piaudit personal information audit report' },
  generated: { zh: '生成于', en: 'Generated' },
  roots: { zh: '扫描路径', en: 'Scanned' },
  partial: { zh: '扫描未完成（被中断或超出时间预算），结果不完整。', en: 'The scan was interrupted or hit its time budget: results are incomplete.' },
  total: { zh: '发现总数', en: 'Findings' },
  filesScanned: { zh: '已扫描文件', en: 'Files scanned' },
  distinctIds: { zh: '不同身份证号', en: 'Distinct resident IDs' },
  errors: { zh: '读取错误', en: 'Read errors' },
  ignored: { zh: '被忽略文件规则排除', en: 'Excluded by ignore files' },
  chartRule: { zh: '各规则发现数', en: 'Findings per rule' },
  chartSeverity: { zh: '各严重程度发现数', en: 'Findings per severity' },
  chartAges: { zh: '含未屏蔽个人信息的记录的保存时间（{sources} 个文件或表，{expired} 个超期）', en: 'Age of records holding unmasked personal information ({sources} files or tables, {expired} past their policy)' },
  byRule: { zh: '按规则', en: 'By rule' },
  byArticle: { zh: '按法条', en: 'By article' },
  byFolder: { zh: '按目录', en: 'By folder' },
  inventory: { zh: '个人信息清单', en: 'Personal information inventory' },
  columns: { zh: '数据库字段清单', en: 'Column inventory' },
  findings: { zh: '发现列表', en: 'Findings' },
  advice: { zh: '整改建议', en: 'What to do' },
  articles: { zh: '相关法条', en: 'Articles' },
  rules: { zh: '相关规则', en: 'Rules' },
  showFindings: { zh: '只看这些发现', en: 'Show these findings' },
  firstFindings: { zh: '前 {n} 条', en: 'First {n}' },
  folder: { zh: '目录', en: 'Folder' },
  moreFolders: { zh: '另有 {n} 个目录未列出', en: '{n} more folders not listed' },
  otherFolders: { zh: '（其他目录）', en: '(other folders)' },
  severity: { zh: '严重程度', en: 'Severity' },
  rule: { zh: '规则', en: 'Rule' },
  detector: { zh: '类型', en: 'Detector' },
  location: { zh: '位置', en: 'Location' },
  evidence: { zh: '证据（已屏蔽）', en: 'Evidence (masked)' },
  message: { zh: '说明', en: 'Message' },
  count: { zh: '数量', en: 'Count' },
  all: { zh: '全部', en: 'All' },
  search: { zh: '搜索路径、说明……', en: 'Search paths, messages…' },
  showing: { zh: '显示 {shown} / 匹配 {matched} / 共 {total} 条', en: 'Showing {shown} of {matched} matching ({total} in total)' },
  notEmbedded: { zh: '另有 {n} 条发现未嵌入本页（计数仍准确）；完整列表请使用 JSON 报告。', en: '{n} more findings are not embedded in this page (counts stay exact); use the JSON report for the full list.' },
  none: { zh: '没有发现。', en: 'No findings.' },
  noScript: { zh: '发现列表需要启用 JavaScript；汇总和分组无需 JavaScript。', en: 'The findings list needs JavaScript; the summary and groups do not.' },
  kind: { zh: '类型', en: 'Kind' },
  values: { zh: '值', en: 'Values' },
  clear: { zh: '明文', en: 'Clear' },
  weak: { zh: '弱屏蔽', en: 'Weak mask' },
  masked: { zh: '已屏蔽', en: 'Masked' },
  distinct: { zh: '不同值', en: 'Distinct' },
  source: { zh: '来源', en: 'Source' },
  column: { zh: '字段', en: 'Column' },
  rows: { zh: '行数', en: 'Rows' },
  hitRate: { zh: '命中率', en: 'Hit rate' },
  verdict: { zh: '结论', en: 'Verdict' },
  unofficial: { zh: '', en: 'Unofficial English rendering; the Chinese text is authoritative.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type TextKey = keyof typeof TEXT;

const SEVERITY_NAMES: Record<Severity, Record<Lang, string>> = {
  critical: { zh: '严重', en: 'critical' },
  high: { zh: '高', en: 'high' },
  medium: { zh: '中', en: 'medium' },
  low: { zh: '低', en: 'low' },
  info: { zh: '提示', en: 'info' },
};

/** A fixed text with `{name}` placeholders filled (values are numbers; callers escape the result). */
export function t(lang: Lang, key: TextKey, data: Record<string, string | number> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(data[k] ?? ''));
}

export function severityName(lang: Lang, s: Severity): string {
  return SEVERITY_NAMES[s][lang];
}
