/**
 * The page's inline CSS and script. Both are inline because the page must work as one file with no
 * network (and its Content-Security-Policy forbids anything else). The script never uses innerHTML:
 * every value from the scan goes in through textContent, so data cannot become markup.
 */

export const CSS = `
:root{--fg:#1d2330;--muted:#5b6475;--bg:#f5f6f8;--card:#fff;--line:#dde1e8;--critical:#8e1b1b;--high:#d64545;--medium:#e09b2d;--low:#3a8fc7;--info:#8a94a6}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c9cfdb;font-size:12px;word-break:break-all}
main{display:flex;flex-direction:column;gap:16px;padding:16px 24px;max-width:1400px;margin:0 auto}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
h2{font-size:17px;margin:4px 0 10px}h3{font-size:15px;margin:12px 0 4px}
#s-cards{order:1}#s-charts{order:2}#s-findings{order:3}#s-rules{order:4}#s-articles{order:5}#s-folders{order:6}#s-inventory{order:7}#s-columns{order:8}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{flex:1 1 130px;border:1px solid var(--line);border-radius:8px;padding:8px 12px;background:#fafbfc}
.card b{display:block;font-size:24px}.card span{color:var(--muted);font-size:12px}
.card.critical b{color:var(--critical)}.card.high b{color:var(--high)}.card.medium b{color:var(--medium)}.card.low b{color:var(--low)}.card.info b{color:var(--info)}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{margin:0}.chart figcaption{font-weight:600;margin-bottom:4px}.chart svg{max-width:100%;height:auto;font-size:12px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 6px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f0f2f5;position:sticky;top:0}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.loc{word-break:break-all;max-width:420px}code{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f0f2f5;padding:0 3px;border-radius:3px}
.sev{display:inline-block;padding:0 6px;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap}
.sev.critical{background:var(--critical)}.sev.high{background:var(--high)}.sev.medium{background:var(--medium)}.sev.low{background:var(--low)}.sev.info{background:var(--info)}
.filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:8px}.filters select,.filters input{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:4px}.filters input{flex:1 1 240px}
.status{color:var(--muted);margin:6px 0}.warn{color:var(--high)}
.group{border-top:1px solid var(--line);padding-top:6px}.muted{color:var(--muted)}
.article-text{white-space:pre-wrap;background:#fafbfc;border-left:3px solid var(--line);padding:6px 10px;margin:6px 0}
button{font:inherit;font-size:12px;padding:2px 8px;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
details summary{cursor:pointer;color:var(--muted)}
@media print{.filters,button{display:none}th{position:static}}
`;

/** Builds the findings table from the `script.pd` blocks and the `#meta` block; filters and search run here. */
export const SCRIPT = `
(function () {
  'use strict';
  var meta = JSON.parse(document.getElementById('meta').textContent);
  var dict = [], rows = [];
  var blocks = document.querySelectorAll('script.pd');
  for (var b = 0; b < blocks.length; b++) {
    var items = JSON.parse(blocks[b].textContent);
    for (var i = 0; i < items.length; i++) {
      if (typeof items[i] === 'string') dict.push(items[i]); else rows.push(items[i]);
    }
  }
  var lower = [];
  function low(i) { return lower[i] === undefined ? (lower[i] = dict[i].toLowerCase()) : lower[i]; }
  var fSev = document.getElementById('f-sev'), fRule = document.getElementById('f-rule'),
      fDet = document.getElementById('f-det'), fQ = document.getElementById('f-q'),
      body = document.getElementById('rows'), status = document.getElementById('status');
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function row(r) {
    var tr = el('tr'), sev = meta.severities[r[0]];
    tr.setAttribute('data-sev', sev);
    var td = el('td'); td.appendChild(el('span', 'sev ' + sev, meta.severityNames[r[0]])); tr.appendChild(td);
    var rule = dict[r[1]];
    tr.appendChild(el('td', '', (meta.ruleTitles[rule] || rule) + ' (' + rule + ')'));
    tr.appendChild(el('td', '', r[2] < 0 ? '' : dict[r[2]]));
    tr.appendChild(el('td', 'loc', dict[r[3]] + r[4]));
    td = el('td'); if (r[5]) td.appendChild(el('code', '', r[5])); tr.appendChild(td);
    tr.appendChild(el('td', '', dict[r[6]]));
    return tr;
  }
  function apply() {
    var sev = fSev.value, rule = fRule.value, det = fDet.value, q = fQ.value.trim().toLowerCase();
    var frag = document.createDocumentFragment(), matched = 0, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (sev && meta.severities[r[0]] !== sev) continue;
      if (rule && dict[r[1]] !== rule) continue;
      if (det && (r[2] < 0 || dict[r[2]] !== det)) continue;
      if (q && low(r[3]).indexOf(q) < 0 && r[4].toLowerCase().indexOf(q) < 0 && low(r[6]).indexOf(q) < 0 &&
          r[5].toLowerCase().indexOf(q) < 0 && low(r[1]).indexOf(q) < 0) continue;
      matched++;
      if (shown < meta.limit) { frag.appendChild(row(r)); shown++; }
    }
    body.textContent = '';
    body.appendChild(frag);
    status.textContent = meta.showing.replace('{shown}', shown).replace('{matched}', matched).replace('{total}', meta.total);
  }
  function options(sel, list) {
    for (var i = 0; i < list.length; i++) { var o = el('option', '', list[i][1]); o.value = list[i][0]; sel.appendChild(o); }
  }
  options(fRule, meta.rules); options(fDet, meta.detectors);
  fSev.addEventListener('change', apply); fRule.addEventListener('change', apply); fDet.addEventListener('change', apply);
  var timer;
  fQ.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, rows.length > 20000 ? 200 : 0); });
  var buttons = document.querySelectorAll('button[data-rule]');
  for (var k = 0; k < buttons.length; k++) {
    buttons[k].addEventListener('click', function (ev) {
      fRule.value = ev.currentTarget.getAttribute('data-rule'); fSev.value = ''; fDet.value = ''; fQ.value = '';
      apply(); document.getElementById('s-findings').scrollIntoView();
    });
  }
  document.getElementById('filters').hidden = false;
  apply();
})();
`;
