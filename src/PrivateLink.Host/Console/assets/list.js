// The table of onboardings, the counter per stage and the filters.
import { el, fill, text, parseUtc, duration, words } from './dom.js';
import { compareStages, stageClass } from './stages.js';

const table = document.getElementById('onboardings');
const body = table.tBodies[0];
const counts = document.getElementById('stage-counts');
const stageFilter = document.getElementById('filter-stage');
const typeFilter = document.getElementById('filter-type');
const textFilter = document.getElementById('filter-text');
const empty = document.getElementById('list-empty');
const truncated = document.getElementById('list-truncated');
const rows = new Map();
let countsKey = '';
let current = { items: [], truncated: false };

const typeOf = (view) => view.request?.destinationType ?? '';

function matches(view, stage, type, needle) {
  if (stage && view.stage !== stage) return false;
  if (type && typeOf(view) !== type) return false;
  if (!needle) return true;
  const haystack = [
    view.destinationId, view.stage, words(view.stage), typeOf(view), words(typeOf(view)), view.request?.ticketId, view.request?.targetResourceId,
    view.request?.hostName, connection(view), view.detail, view.error,
  ].filter(Boolean).join('\n').toLowerCase();
  return haystack.includes(needle);
}

function syncOptions(select, values, label) {
  const chosen = select.value;
  const wanted = [...new Set([...values, chosen].filter(Boolean))];
  const have = [...select.options].slice(1).map((o) => o.value);
  if (have.join('\n') === wanted.join('\n')) return;
  fill(select, el('option', { value: '' }, select.options[0]?.textContent ?? label),
    wanted.map((v) => el('option', { value: v }, words(v))));
  select.value = chosen;
}

function renderCounts(items) {
  const perStage = new Map();
  for (const view of items) perStage.set(view.stage, (perStage.get(view.stage) ?? 0) + 1);
  const chosen = stageFilter.value;
  // Rebuilt only when something changed: replacing the buttons on every poll would swallow clicks.
  const key = JSON.stringify([chosen, [...perStage]]);
  if (key === countsKey) return;
  countsKey = key;
  const chip = (stage, label, count) => el('li', {},
    el('button', { type: 'button', class: stage ? stageClass(stage) : 'stage stage-all', 'aria-pressed': String(chosen === stage), dataset: { stage } },
      el('span', { class: 'count-label' }, label), ' ', el('span', { class: 'count' }, count)));
  fill(counts, chip('', 'All', items.length),
    [...perStage.keys()].sort(compareStages).map((stage) => chip(stage, words(stage), perStage.get(stage))));
}

// A data lake has two endpoints (blob and dfs) and the customer approves each: while they differ, each is named with its state.
function connection(view) {
  const states = (view.endpoints ?? []).filter((d) => d.endpoint).map((d) => [d.groupId ?? 'service', d.endpoint.connectionStatus]);
  if (new Set(states.map(([, state]) => state)).size > 1) return states.map(([groupId, state]) => `${groupId}: ${words(state)}`).join(' · ');
  return view.endpoint ? words(view.endpoint.connectionStatus) : '—';
}

function cell(label, ...content) {
  return el('td', { 'data-label': label }, ...content);
}

function row(view) {
  const entered = parseUtc(view.enteredAtUtc);
  const href = `#/onboardings/${encodeURIComponent(view.destinationId)}`;
  return el('tr', { dataset: { destinationId: view.destinationId, stage: view.stage } },
    cell('Destination', el('a', { href, class: 'destination' }, view.destinationId)),
    cell('Type', words(typeOf(view)) || '—'),
    cell('Stage', el('span', { class: stageClass(view.stage), dataset: { stage: view.stage } }, words(view.stage))),
    cell('Time in stage', el('span', { class: 'since', dataset: { entered: entered?.toISOString() ?? '' } }, entered ? duration(Date.now() - entered) : '')),
    cell('Ticket', view.request?.ticketId ?? '—'),
    cell('Endpoint', connection(view)));
}

/** Shows the filtered onboardings; rows are rebuilt only when their data changed, so polling does not flicker. */
export function render(list = current) {
  current = list;
  const { items } = list;
  syncOptions(stageFilter, [...new Set(items.map((v) => v.stage))].sort(compareStages), 'All stages');
  syncOptions(typeFilter, [...new Set(items.map(typeOf).filter(Boolean))].sort(), 'All types');
  renderCounts(items);
  const needle = textFilter.value.trim().toLowerCase();
  const shown = items
    .filter((v) => matches(v, stageFilter.value, typeFilter.value, needle))
    .sort((a, b) => compareStages(a.stage, b.stage) || String(a.destinationId).localeCompare(String(b.destinationId)));
  const seen = new Set();
  const ordered = shown.map((view) => {
    const key = JSON.stringify([view.stage, view.enteredAtUtc, view.request?.ticketId, view.request?.destinationType, connection(view)]);
    seen.add(view.destinationId);
    const cached = rows.get(view.destinationId);
    if (cached?.key === key) return cached.node;
    const node = row(view);
    rows.set(view.destinationId, { key, node });
    return node;
  });
  for (const id of [...rows.keys()]) if (!seen.has(id)) rows.delete(id);
  if (ordered.length !== body.children.length || ordered.some((node, i) => body.children[i] !== node)) body.replaceChildren(...ordered);
  empty.hidden = shown.length > 0;
  truncated.hidden = !list.truncated;
  text(truncated, list.truncated ? `Showing the first ${items.length} onboardings only.` : '');
}

/** Wires the filters: they act on the data already loaded, without a request. */
export function initFilters() {
  for (const control of [stageFilter, typeFilter]) control.addEventListener('change', () => render());
  for (const type of ['input', 'change', 'search']) textFilter.addEventListener(type, () => render());
  document.getElementById('filters').addEventListener('submit', (e) => e.preventDefault());
  counts.addEventListener('click', (e) => {
    const button = e.target.closest('button[data-stage]');
    if (!button) return;
    stageFilter.value = button.dataset.stage;
    render();
  });
}
