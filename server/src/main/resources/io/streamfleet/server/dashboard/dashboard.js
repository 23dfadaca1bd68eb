// Streamfleet dashboard: reads the REST API as any client does and follows the event log over
// Server-Sent Events. Each event that changes nodes or streams triggers a fresh read (debounced),
// and a slow timer refreshes what changes without events (measured usage, heartbeat ages, fps).
// Actions ask for confirmation, then call the API; the server checks the caller's role again.
'use strict';

const REFRESH_AFTER_EVENT_MS = 150;
const SLOW_REFRESH_MS = 3000;
const TIMELINE_LENGTH = 60;
/** Migrations away from one node within this long of each other are one failover in the timeline. */
const FAILOVER_GROUP_MS = 5000;
/** A migration off a node within this long after it was declared down belongs to its failover. */
const FAILOVER_WINDOW_MS = 60000;
const EVENT_TYPES = ['node', 'assignment', 'migration', 'handover', 'unassigned', 'stream', 'rule', 'job', 'rollout'];

const view = { me: null, nodes: [], streams: [], timeline: [] };
let refreshTimer = null;
let refreshing = false;
let refreshAgain = false;

// ---- API ------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    const e = body && body.error;
    const details = e && e.details ? ': ' + e.details.map(d => d.field + ' ' + d.message).join('; ') : '';
    super(e ? e.message + details : 'HTTP ' + status);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const headers = { Accept: 'application/json' };
  if (options.method && options.method !== 'GET') {
    headers['X-Streamfleet-Dashboard'] = '1'; // lets the sign-in cookie count for this write (see BrowserLogin)
  }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method: options.method || 'GET', headers, credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.status === 401) {
    window.location.assign('/login');
    throw new ApiError(401, null);
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

// ---- small helpers --------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) node.append(c);
  }
  return node;
}

function percent(part, whole) {
  return whole > 0 ? Math.min(100, Math.round(100 * part / whole)) : 0;
}

function ago(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return Math.max(0, ms) + ' ms';
  if (ms < 120000) return (ms / 1000).toFixed(1) + ' s';
  return Math.round(ms / 60000) + ' min';
}

function clock(atMs) {
  return new Date(atMs).toLocaleTimeString([], { hour12: false });
}

/** A bar with its value in words too, so it reads without colour and to a screen reader. */
function bar(label, value, max, unit) {
  const p = percent(value, max);
  return el('div', { class: 'bar-row' },
    el('span', { class: 'bar-label', text: label }),
    el('span', { class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': p, 'aria-label': label },
      fill(p)),
    el('span', { class: 'bar-value', text: unit ? p + ' % (' + value + ' / ' + max + ' ' + unit + ')' : p + ' %' }));
}

/** The filled part of a bar; its width is set through the CSSOM, which the page's content security policy allows. */
function fill(p) {
  const node = el('span', { class: 'bar-fill' + (p >= 90 ? ' high' : '') });
  node.style.width = p + '%';
  return node;
}

/** A state as a word with a symbol, so colour is never the only cue. */
function badge(state) {
  const symbols = { ready: '●', running: '●', succeeded: '✓', draining: '↻', drained: '○', cordoned: '‖', suspect: '?',
    degraded: '◐', starting: '…', pending: '…', queued: '…', dispatched: '…', stopping: '↓', down: '✕', failed: '✕', canceled: '–' };
  return el('span', { class: 'badge state-' + state, text: (symbols[state] || '•') + ' ' + state });
}

function canOperate() {
  return view.me && (view.me.role === 'operator' || view.me.role === 'admin');
}

// ---- rendering ------------------------------------------------------------------------------

function renderCluster(cluster) {
  document.getElementById('cluster-name').textContent = cluster.cluster_id ? '· ' + cluster.cluster_id : '';
  document.title = 'Streamfleet' + (cluster.cluster_id ? ' · ' + cluster.cluster_id : '');
  document.getElementById('leader').textContent = cluster.leader
    ? 'Leader ' + cluster.leader + ', term ' + cluster.term + ', commit index ' + cluster.commit_index
    : 'No leader elected: writes wait until a majority of servers is up.';
  const list = document.getElementById('server-list');
  list.replaceChildren(...cluster.servers.map(s => el('li', { class: s.id === cluster.leader ? 'leader' : '' },
    s.id + (s.id === cluster.leader ? ' (leader)' : '') + (s.id === cluster.server ? ' · this page' : ''))));
}

function renderNodes(nodes) {
  document.getElementById('node-count').textContent = '(' + nodes.length + ')';
  const cards = nodes.map(n => {
    const card = el('article', { class: 'card node state-' + n.state, 'data-node': n.id, 'aria-label': 'node ' + n.id },
      el('h3', {}, n.id + ' ', badge(n.state)),
      el('p', { class: 'why', text: n.state_reason || '' }),
      el('p', { class: 'meta', text: [n.zone ? 'zone ' + n.zone : 'no zone', n.node_class, n.kind === 'agent' ? null : n.kind]
        .filter(Boolean).join(' · ') }),
      bar('CPU allocated', n.allocated.cpu_millis, n.capacity.cpu_millis, 'millicores'),
      bar('memory allocated', n.allocated.memory_mb, n.capacity.memory_mb, 'MB'),
      n.usage ? bar('CPU measured', Math.round(n.usage.cpu_percent), 100) : null,
      n.usage ? bar('memory measured', Math.round(n.usage.memory_percent), 100) : null,
      el('p', { class: 'meta', text: n.streams + ' stream(s)' + (n.jobs ? ', ' + n.jobs + ' job(s)' : '')
        + (n.last_heartbeat_ms_ago === null || n.last_heartbeat_ms_ago === undefined ? ' · no heartbeat'
          : ' · heartbeat ' + ago(n.last_heartbeat_ms_ago) + ' ago') }));
    if (n.kind === 'agent') {
      card.append(nodeActions(n));
    }
    return card;
  });
  document.getElementById('node-cards').replaceChildren(...(cards.length ? cards : [el('p', { text: 'No nodes yet: start an agent.' })]));
}

function nodeActions(n) {
  const actions = el('div', { class: 'actions operator' });
  const cordoned = n.state === 'cordoned' || n.state === 'draining' || n.state === 'drained';
  if (!cordoned) {
    actions.append(el('button', { type: 'button', 'data-action': 'cordon', onclick: () => nodeAction(n.id, 'cordon') }, 'Cordon'));
    actions.append(el('button', { type: 'button', 'data-action': 'drain', onclick: () => nodeAction(n.id, 'drain') }, 'Drain'));
  } else {
    actions.append(el('button', { type: 'button', 'data-action': 'uncordon', onclick: () => nodeAction(n.id, 'uncordon') }, 'Uncordon'));
  }
  return actions;
}

function renderStreams(streams) {
  document.getElementById('stream-count').textContent = '(' + streams.length + ')';
  const rows = streams.map(s => {
    const st = s.status || {};
    const moving = st.handover ? ' → ' + st.handover.to_node : '';
    return el('tr', { 'data-stream': s.id, class: 'state-' + st.state },
      el('th', { scope: 'row', text: s.id }),
      el('td', {}, badge(st.state || 'pending')),
      el('td', { class: 'node-cell', text: (st.node || '–') + moving }),
      el('td', { text: st.epoch === undefined ? '–' : String(st.epoch) }),
      el('td', { text: st.fps === null || st.fps === undefined ? '–' : st.fps.toFixed(1) }),
      el('td', { text: ago(st.last_frame_ms_ago) }),
      el('td', { text: String(st.restarts || 0) }),
      el('td', { class: 'reason', text: st.reason || '' }),
      el('td', { class: 'operator' }, el('button', { type: 'button', class: 'small', 'data-action': 'delete',
        'aria-label': 'delete stream ' + s.id, onclick: () => deleteStream(s.id) }, 'Delete')));
  });
  document.querySelector('#stream-table tbody').replaceChildren(...rows);
}

function renderCapacity(capacity) {
  const zones = Object.entries(capacity.zones || {});
  const loss = capacity.survives_node_loss;
  document.getElementById('survives').textContent = (!capacity.cluster || capacity.cluster.nodes === 0 ? 'No ready nodes yet.'
    : loss === 0
    ? 'Does not survive the loss of a node with every stream placed: add capacity, or let streams run in more zones.'
    : 'Survives the loss of any ' + (loss === 1 ? 'node' : loss + ' nodes') + ' (the largest first) with every stream placed.')
    + (capacity.unplaceable && capacity.unplaceable.length ? ' Unplaceable now: ' + capacity.unplaceable.join(', ') + '.' : '');
  const rows = zones.map(([zone, t]) => el('tr', {},
    el('th', { scope: 'row', text: zone }),
    el('td', { text: String(t.nodes) }),
    el('td', { text: percent(t.allocated.cpu_millis, t.capacity.cpu_millis) + ' %' }),
    el('td', { text: t.headroom.cpu_millis + ' millicores' }),
    el('td', { text: t.headroom.memory_mb + ' MB' }),
    el('td', { text: capacity.survives_zone_loss && zone in capacity.survives_zone_loss
      ? (capacity.survives_zone_loss[zone] ? 'yes' : 'no') : '–' })));
  document.querySelector('#zone-table tbody').replaceChildren(...rows);
}

function renderJobs(page) {
  document.getElementById('job-count').textContent = '(' + page.total + ')';
  const rows = page.jobs.map(j => el('tr', { 'data-job': j.id },
    el('th', { scope: 'row', text: j.id }),
    el('td', {}, badge(j.state)),
    el('td', { text: j.node || '–' }),
    el('td', { text: j.attempts + ' of ' + j.max_attempts }),
    el('td', { text: j.result ? (j.result.succeeded ? 'ok' : 'failed') + (j.result.wall_ms ? ' in ' + ago(j.result.wall_ms) : '')
      + (j.result.reason ? ': ' + j.result.reason : '') : (j.reason || '') }),
    el('td', { class: 'operator' }, ['queued', 'dispatched', 'running'].includes(j.state)
      ? el('button', { type: 'button', class: 'small', onclick: () => cancelJob(j.id) }, 'Cancel') : null)));
  document.querySelector('#job-table tbody').replaceChildren(...rows);
}

// ---- the timeline ---------------------------------------------------------------------------

function addToTimeline(e) {
  const last = view.timeline[0];
  // A migration off a node declared down is part of a failover; other moves (drains, rebalances,
  // rollouts) are plain entries beside their hand-overs.
  const down = e.type === 'migration' && e.from_node ? view.timeline.find(x => x.kind === 'event' && x.e.type === 'node'
    && x.e.node === e.from_node && (x.e.kind === 'down' || x.e.kind === 'removed') && e.at_ms - x.e.at_ms <= FAILOVER_WINDOW_MS) : null;
  if (down && last && last.kind === 'failover' && last.from === e.from_node && e.at_ms - last.lastAt <= FAILOVER_GROUP_MS) {
    last.moves.push({ stream: e.stream, to: e.node, epoch: e.epoch });
    last.lastAt = e.at_ms;
  } else if (down) {
    view.timeline.unshift({ kind: 'failover', from: e.from_node, at: e.at_ms, lastAt: e.at_ms, reason: e.reason,
      downAt: down.e.at_ms, afterDownMs: e.at_ms - down.e.at_ms, moves: [{ stream: e.stream, to: e.node, epoch: e.epoch }] });
  } else {
    view.timeline.unshift({ kind: 'event', e });
  }
  view.timeline.length = Math.min(view.timeline.length, TIMELINE_LENGTH);
  renderTimeline();
}

function renderTimeline() {
  const items = view.timeline.map(item => item.kind === 'failover' ? failoverItem(item) : eventItem(item.e));
  document.getElementById('events').replaceChildren(...items);
}

/**
 * How long after the node was declared down every stream it lost was running again, from the
 * streams' own "running since" (the leader's clock, like the down entry's); undefined until then.
 */
function runningAfter(f) {
  if (f.runningAfterMs !== undefined || f.downAt === null) {
    return f.runningAfterMs;
  }
  let latest = 0;
  for (const m of f.moves) {
    const s = view.streams.find(x => x.id === m.stream);
    const st = s && s.status;
    if (!st || st.node !== m.to || st.epoch !== m.epoch || !['running', 'degraded'].includes(st.state) || !st.since_ms) {
      return undefined;
    }
    latest = Math.max(latest, st.since_ms);
  }
  f.runningAfterMs = latest - f.downAt;
  return f.runningAfterMs;
}

/** A failover as a picture: the lost node, an arrow per stream, the nodes that took them. */
function failoverItem(f) {
  const targets = {};
  for (const m of f.moves) {
    (targets[m.to] = targets[m.to] || []).push(m.stream);
  }
  const picture = el('div', { class: 'failover-picture', role: 'img',
    'aria-label': f.moves.length + ' stream(s) moved from ' + f.from + ' to ' + Object.keys(targets).join(', ') },
    el('span', { class: 'from-node', text: '✕ ' + f.from }),
    el('span', { class: 'arrows' }, ...Object.entries(targets).map(([to, streams]) =>
      el('span', { class: 'arrow-row' }, el('span', { class: 'arrow', text: '──▶' }),
        el('span', { class: 'to-node', text: to }), el('span', { class: 'moved', text: ' ' + streams.join(', ') })))));
  return el('li', { class: 'event failover', 'data-type': 'failover' },
    el('time', { text: clock(f.at) }),
    el('div', {}, el('strong', { text: 'Failover: ' + f.moves.length + ' stream(s) left ' + f.from }),
      f.afterDownMs !== null ? el('span', { class: 'meta', text: ' placed ' + ago(f.afterDownMs) + ' after it was declared down' }) : null,
      runningAfter(f) !== undefined ? el('span', { class: 'meta running-after', text: ', all running ' + ago(runningAfter(f)) + ' after' }) : null,
      picture, f.reason ? el('p', { class: 'why', text: f.reason }) : null));
}

/** A rollout's start and each change of its course, in words. */
function rolloutText(e) {
  const p = e.payload || {};
  const what = p.processor + ' v' + p.from_version + ' → v' + p.version;
  return {
    running: 'Rollout of ' + what + ' is running',
    paused: 'Rollout of ' + what + ' paused',
    awaiting_promotion: 'Rollout of ' + what + ' waits for promotion past its canaries',
    succeeded: 'Rollout of ' + what + ' finished: every stream runs v' + p.version,
    reverted: 'Rollout of ' + what + ' reverted',
    superseded: 'Rollout of ' + what + ' superseded by a newer version',
  }[e.kind] || 'Rollout of ' + what + ': ' + e.kind;
}

function eventItem(e) {
  const what = {
    node: () => 'Node ' + e.node + ' is ' + e.kind,
    assignment: () => e.stream + ' placed on ' + e.node,
    migration: () => e.stream + ' moved from ' + e.from_node + ' to ' + e.node,
    handover: () => e.stream + ' handed over from ' + e.from_node + ' to ' + e.node
      + (e.payload && e.payload.purpose ? ' (' + e.payload.purpose + ')' : ''),
    unassigned: () => e.stream + ' lost its node ' + (e.from_node || '') + ' and waits for placement',
    stream: () => e.stream + ' ' + (e.kind === 'degraded' ? 'is degraded: its camera is away' : 'recovered: frames flow again'),
    rule: () => 'Rule ' + e.rule + ' ' + e.kind,
    job: () => 'Job ' + (e.payload && e.payload.job ? e.payload.job : '') + ' ' + e.kind,
    rollout: () => rolloutText(e),
  }[e.type];
  return el('li', { class: 'event type-' + e.type, 'data-type': e.type },
    el('time', { text: clock(e.at_ms) }),
    el('div', {}, el('span', { text: what ? what() : e.type + ' ' + (e.kind || '') }),
      e.reason ? el('p', { class: 'why', text: e.reason }) : null));
}

// ---- actions --------------------------------------------------------------------------------

/** Asks first; {@code run} does the call and returns what to say, or throws an ApiError to show in the dialog. */
function confirmAction(title, body, okLabel, run) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  const bodyNode = document.getElementById('confirm-body');
  bodyNode.replaceChildren(...(Array.isArray(body) ? body : [el('p', { text: body })]));
  document.getElementById('confirm-error').textContent = '';
  const ok = document.getElementById('confirm-ok');
  ok.textContent = okLabel;
  ok.onclick = async event => {
    event.preventDefault();
    const form = dialog.querySelector('form');
    if (!form.reportValidity()) return;
    ok.disabled = true;
    try {
      await run(form);
      dialog.close('ok');
      scheduleRefresh();
    } catch (err) {
      document.getElementById('confirm-error').textContent = err.message;
    } finally {
      ok.disabled = false;
    }
  };
  dialog.showModal();
}

function nodeAction(id, action) {
  const text = {
    cordon: 'Cordon ' + id + '? It keeps its streams but takes no new ones.',
    drain: 'Drain ' + id + '? Its streams move to other nodes, each new instance started before the old one stops; then it is drained.',
    uncordon: 'Uncordon ' + id + '? It takes streams again (a drain in progress ends).',
  }[action];
  confirmAction(action[0].toUpperCase() + action.slice(1) + ' ' + id, text, action[0].toUpperCase() + action.slice(1),
    () => api('/api/v1/nodes/' + encodeURIComponent(id) + '/' + action, { method: 'POST' }));
}

function deleteStream(id) {
  confirmAction('Delete stream ' + id, 'Delete ' + id + '? Its processor stops and the stream is gone.', 'Delete',
    () => api('/api/v1/streams/' + encodeURIComponent(id), { method: 'DELETE' }));
}

function cancelJob(id) {
  confirmAction('Cancel job ' + id, 'Cancel ' + id + '? A running attempt is killed.', 'Cancel job',
    () => api('/api/v1/jobs/' + encodeURIComponent(id) + '/cancel', { method: 'POST', body: { reason: 'canceled from the dashboard' } }));
}

function addStream() {
  const fields = document.getElementById('add-stream-form').content.cloneNode(true);
  confirmAction('Add a stream', [...fields.children], 'Add', form => api('/api/v1/streams', { method: 'POST', body: {
    id: form.elements.id.value.trim(), url: form.elements.url.value.trim(), processor: form.elements.processor.value.trim() } }));
}

/** A dry run first: the moves are shown, and only confirming makes them. */
async function rebalance() {
  let plan;
  try {
    plan = await api('/api/v1/rebalance?dry_run=true', { method: 'POST' });
  } catch (err) {
    confirmAction('Rebalance', 'The dry run failed: ' + err.message, 'Close', async () => {});
    return;
  }
  const body = plan.moves.length === 0
    ? [el('p', { text: 'Nothing to move: the spread is even enough (imbalance ' + plan.imbalance_before.toFixed(2) + ').' })]
    : [el('p', { text: plan.moves.length + ' move(s), imbalance ' + plan.imbalance_before.toFixed(2) + ' → ' + plan.imbalance_after.toFixed(2)
        + '. Each is made before it breaks.' }),
      el('ul', { class: 'moves' }, ...plan.moves.map(m => el('li', { text: m.stream + ': ' + m.from + ' → ' + m.to })))];
  confirmAction('Rebalance', body, plan.moves.length ? 'Make these moves' : 'Close',
    () => plan.moves.length ? api('/api/v1/rebalance?max_moves=' + plan.max_moves, { method: 'POST' }) : Promise.resolve());
}

// ---- keeping it live ------------------------------------------------------------------------

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, REFRESH_AFTER_EVENT_MS);
}

async function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  try {
    const [cluster, nodes, streams, capacity, jobs] = await Promise.all([api('/api/v1/cluster'), api('/api/v1/nodes'),
      api('/api/v1/streams'), api('/api/v1/capacity'), api('/api/v1/jobs?limit=10')]);
    view.nodes = nodes;
    view.streams = streams;
    renderCluster(cluster);
    renderNodes(nodes);
    renderStreams(streams);
    if (view.timeline.some(item => item.kind === 'failover' && item.runningAfterMs === undefined)) {
      renderTimeline(); // a failover's streams may be running now
    }
    renderCapacity(capacity);
    renderJobs(jobs);
    document.body.dataset.loaded = 'true';
  } catch (err) {
    setConnection('error', 'cannot read the cluster: ' + err.message);
  } finally {
    refreshing = false;
    if (refreshAgain) {
      refreshAgain = false;
      scheduleRefresh();
    }
  }
}

function setConnection(state, text) {
  const node = document.getElementById('connection');
  node.dataset.state = state;
  node.textContent = text;
}

/**
 * The timeline's recent past: the newest entries of the types shown, from the last few thousand
 * of the log (processor events, far more numerous, are not asked for). Returns the log's newest
 * id, for the live stream to continue from.
 */
async function loadHistory() {
  const types = EVENT_TYPES.join(',');
  const newest = await api('/api/v1/events?limit=1&since=0&type=' + types);
  const since = Math.max(0, newest.last_id - 5000);
  const page = await api('/api/v1/events?limit=1000&since=' + since + '&type=' + types);
  page.events.slice(-TIMELINE_LENGTH).forEach(addToTimeline);
  return page.events.length ? Math.max(newest.last_id, page.events[page.events.length - 1].id) : newest.last_id;
}

/** Follows the event log after {@code since}; the browser reconnects by itself and resumes after the last id it saw. */
function follow(since) {
  const source = new EventSource('/api/v1/events?type=' + EVENT_TYPES.join(',') + '&since=' + since);
  source.onopen = () => {
    setConnection('live', 'live');
    scheduleRefresh(); // whatever happened while the connection was down
  };
  source.onerror = () => setConnection('reconnecting', 'reconnecting…');
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, message => {
      addToTimeline(JSON.parse(message.data));
      scheduleRefresh();
    });
  }
}

async function start() {
  try {
    view.me = await api('/api/v1/whoami');
  } catch (err) {
    setConnection('error', 'cannot read the cluster: ' + err.message);
    return;
  }
  document.body.classList.toggle('can-operate', canOperate());
  document.getElementById('whoami').textContent = view.me.secured
    ? 'Signed in as ' + view.me.name + ' (' + view.me.role + ')' + (canOperate() ? '' : ': read only')
    : 'Development mode: no sign-in, every action allowed';
  document.getElementById('add-stream').addEventListener('click', addStream);
  document.getElementById('rebalance').addEventListener('click', rebalance);
  document.getElementById('confirm-cancel').addEventListener('click', () => document.getElementById('confirm').close('cancel'));
  await refresh();
  let since = 0;
  try {
    since = await loadHistory();
  } catch (err) {
    setConnection('error', 'cannot read the event log: ' + err.message);
  }
  follow(since);
  setInterval(refresh, SLOW_REFRESH_MS);
}

document.addEventListener('DOMContentLoaded', start);
