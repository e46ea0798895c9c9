// The dashboard page: a day picker, three plotly charts and the pipeline's figures, all updated by
// Server-Sent Events from /api/events once a second. Values from the server are only ever set as text.
'use strict';

const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat('en');
const rateTrace = { x: [], y: [] };
let source = null;
let currentDay = null;

function setText(id, value) {
  $(id).textContent = value;
}

function showProblem(message) {
  const p = $('problem');
  p.hidden = !message;
  p.textContent = message || '';
}

function drawCourses(courses) {
  const sorted = [...courses].sort((a, b) => a.clicks - b.clicks); // largest bar on top
  Plotly.react('chart-courses', [{
    type: 'bar', orientation: 'h',
    x: sorted.map((c) => c.clicks),
    y: sorted.map((c) => `${c.name} (${c.courseId})`),
    text: sorted.map((c) => fmt.format(c.clicks)), textposition: 'auto',
    marker: { color: '#3f6fd8' },
  }], {
    title: { text: `Course clicks on ${currentDay || '–'}` },
    margin: { l: 260, r: 20, t: 40, b: 30 }, yaxis: { automargin: true },
  }, { displayModeBar: false, responsive: true });
}

function drawEngines(search) {
  const byEngine = new Map();
  for (const s of search) byEngine.set(s.engine, (byEngine.get(s.engine) || 0) + s.clicks);
  const engines = [...byEngine.keys()].sort();
  Plotly.react('chart-engines', [{
    type: 'pie', hole: 0.35, labels: engines, values: engines.map((e) => byEngine.get(e)), sort: false,
  }], { title: { text: 'Clicks from search engines' }, margin: { l: 20, r: 20, t: 40, b: 20 } },
  { displayModeBar: false, responsive: true });
}

function drawRate(metrics) {
  rateTrace.x.push(new Date(metrics.at));
  rateTrace.y.push(metrics.linesPerSec);
  if (rateTrace.x.length > 120) { rateTrace.x.shift(); rateTrace.y.shift(); }
  // New arrays each time: plotly redraws only when it sees new data, not arrays changed in place.
  Plotly.react('chart-rate', [{ type: 'scatter', mode: 'lines', x: [...rateTrace.x], y: [...rateTrace.y], line: { color: '#1b9e77' } }],
    { title: { text: 'Lines per second (last 2 minutes)' }, margin: { l: 50, r: 20, t: 40, b: 40 }, yaxis: { rangemode: 'tozero' } },
    { displayModeBar: false, responsive: true });
}

function drawFigures(metrics, courses) {
  setText('fig-rate', fmt.format(metrics.linesPerSec));
  setText('fig-day-total', fmt.format(courses.reduce((s, c) => s + c.clicks, 0)));
  setText('fig-lines', fmt.format(metrics.linesIn));
  setText('fig-counted', fmt.format(metrics.counted));
  setText('fig-malformed', fmt.format(metrics.malformed));
  setText('fig-lag', fmt.format(metrics.lag));
  setText('fig-latency', `${fmt.format(metrics.batchLatencyMs.p99)} ms`);
  setText('fig-workers', `${metrics.workersRunning}/${metrics.workers}`);
}

// The extra panel, when the server has one (lesson 08's copy of the dashboard): labelled numbers, as text.
function drawPanel(panel) {
  $('panel').hidden = !panel;
  if (!panel) return;
  setText('panel-title', panel.title);
  $('panel-rows').replaceChildren(...panel.rows.map((r) => {
    const tr = document.createElement('tr');
    const label = document.createElement('td');
    const value = document.createElement('td');
    label.textContent = r.label;
    value.textContent = fmt.format(r.value);
    value.className = 'value';
    tr.append(label, value);
    return tr;
  }));
}

// Event times are the log's wall clock read as UTC (logformat/time.ts): shown as they appear in the log.
const logTime = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const seenAlerts = new Set();
let firstAlerts = true;

// The detector's panel: its state, then its newest alerts (newest incident first); an alert not shown before is marked.
function drawAlerts(alerts) {
  if (!alerts) return;
  const d = alerts.detector;
  setText('alerts-detector', `detector ${d.state} · ${fmt.format(d.linesIn)} lines · ${fmt.format(d.bot)} bot, ${fmt.format(d.errorBurst)} error-burst · decided to ${d.watermark === null ? '–' : logTime(d.watermark)}${alerts.error ? ` · cannot read the alerts table: ${alerts.error}` : ''}`);
  $('alerts-none').hidden = alerts.recent.length > 0;
  $('alerts-table').hidden = alerts.recent.length === 0;
  $('alerts-rows').replaceChildren(...alerts.recent.map((a) => {
    const tr = document.createElement('tr');
    tr.dataset.id = a.id;
    if (!firstAlerts && !seenAlerts.has(a.id)) tr.className = 'new';
    seenAlerts.add(a.id);
    const who = a.kind === 'bot' ? a.ip : `course ${a.courseId}`;
    const cells = [a.kind, who, `${logTime(a.windowStart)} – ${logTime(a.windowEnd).slice(11)}`, String(a.score), logTime(a.detectedAt).slice(11)];
    tr.append(...cells.map((text) => {
      const td = document.createElement('td');
      td.textContent = text;
      return td;
    }));
    return tr;
  }));
  firstAlerts = false;
}

// The store the page reads (`?store=hbase|sql` in the page's address; HBase by default): every API call carries it.
let store = new URLSearchParams(location.search).get('store') === 'sql' ? 'sql' : 'hbase';
const withStore = (path, params = {}) => `${path}?${new URLSearchParams({ ...params, store })}`;

function listen(day) {
  if (source) source.close();
  const badge = $('live');
  source = new EventSource(withStore('/api/events', day ? { day } : {}));
  source.onopen = () => { badge.textContent = 'live'; badge.classList.add('on'); };
  source.onerror = () => { badge.textContent = 'reconnecting…'; badge.classList.remove('on'); };
  source.addEventListener('problem', (e) => showProblem(`The dashboard cannot read ${store === 'sql' ? 'the SQL store' : 'HBase'}: ${JSON.parse(e.data).error}. Is the lab up? (lab status)`));
  source.onmessage = (e) => {
    const { metrics, courses, search, panel, alerts } = JSON.parse(e.data);
    showProblem('');
    drawFigures(metrics, courses);
    drawRate(metrics);
    drawAlerts(alerts);
    if (day) { drawCourses(courses); drawEngines(search); drawPanel(panel); }
  };
}

async function refreshDays() {
  const asked = store;
  const res = await fetch(withStore('/api/days'));
  if (asked !== store) return; // the store was switched meanwhile: this list is the other store's
  if (!res.ok) { showProblem(`Could not list days: ${(await res.json()).error}`); return; }
  const days = await res.json();
  $('empty').hidden = days.length > 0;
  const select = $('day');
  const known = [...select.options].map((o) => o.value);
  if (days.join() !== known.join()) {
    const keep = currentDay && days.includes(currentDay) ? currentDay : days[0] || null;
    select.replaceChildren(...days.map((d) => {
      const o = document.createElement('option');
      o.value = d;
      o.textContent = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
      return o;
    }));
    if (keep) select.value = keep;
    if (keep !== currentDay || !source) { currentDay = keep; listen(currentDay); }
  }
}

$('day').addEventListener('change', (e) => { currentDay = e.target.value; listen(currentDay); });
$('store').value = store;
$('store').addEventListener('change', (e) => {
  store = e.target.value;
  history.replaceState(null, '', withStore(location.pathname));
  // Another job's figures from now on: its own rate history, and the days its store has.
  rateTrace.x.length = 0;
  rateTrace.y.length = 0;
  currentDay = null;
  $('day').replaceChildren();
  drawCourses([]);
  drawEngines([]);
  listen(null);
  refreshDays();
});
refreshDays();
setInterval(refreshDays, 5000);
