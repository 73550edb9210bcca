// The detail view of one destination: stage timeline, private endpoint, per-port connectivity, request, and the operator's actions.
import { el, fill, text, parseUtc, duration, utc, words, portalUrl, externalLink } from './dom.js';
import { stageClass } from './stages.js';
import { actions, ApiError, getOnboarding } from './api.js';

const $ = (id) => document.getElementById(id);
const title = $('detail-title');
const stage = $('detail-stage');
const since = $('detail-since');
const detail = $('detail-detail');
const error = $('detail-error');
const timeline = $('timeline');
const endpoint = $('endpoint');
const probes = $('probes');
const request = $('request');
const confirmBar = $('confirm');
const confirmText = $('confirm-text');
const result = $('action-result');
const buttons = [...document.querySelectorAll('#detail-view button[data-action]')];

let destinationId = null;
let pending = null;
let lastJson = null;
let onChanged = () => {};

function facts(list, entries) {
  fill(list, entries.filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([term, value, key]) => [el('dt', {}, term), el('dd', { dataset: { fact: key ?? term.toLowerCase() } }, value)]));
}

function resourceWithLink(resourceId) {
  const href = portalUrl(resourceId);
  return [el('code', { class: 'resource-id' }, resourceId), href ? [' ', externalLink(href, 'Open in Azure portal ↗')] : null];
}

function renderTimeline(view) {
  const entries = view.timeline ?? [];
  fill(timeline, entries.map((entry, i) => {
    const at = parseUtc(entry.atUtc);
    const next = parseUtc(entries[i + 1]?.atUtc);
    return el('li', { dataset: { stage: entry.stage } },
      el('span', { class: stageClass(entry.stage) }, words(entry.stage)), ' ',
      el('time', { datetime: at?.toISOString() ?? '' }, utc(at)),
      next && at ? el('span', { class: 'muted' }, ` · ${duration(next - at)}`) : null);
  }));
}

// A destination may have several endpoints (ADLS Gen2: blob and dfs); the first is `view.endpoint`, the others are listed after it.
function otherEndpoints(view) {
  return (view.endpoints ?? []).slice(1).filter((d) => d.endpoint).map((d) =>
    el('div', { dataset: { endpoint: d.name } },
      el('code', {}, d.name), ` (${d.groupId ?? 'service'}, ${d.hostName}): ${words(d.endpoint.connectionStatus)}`,
      (d.endpoint.privateIpAddresses ?? []).length ? `, ${d.endpoint.privateIpAddresses.join(', ')}` : ''));
}

function renderEndpoint(view) {
  const e = view.endpoint;
  if (!e) {
    fill(endpoint, view.preflight
      ? [el('dt', {}, 'Target check'), el('dd', { dataset: { fact: 'preflight' } }, view.preflight.summary),
        ...(view.preflight.subnet ? [el('dt', {}, 'Subnet check'), el('dd', { dataset: { fact: 'preflight-subnet' } }, view.preflight.subnet)] : [])]
      : el('dd', { class: 'muted' }, 'No private endpoint yet.'));
    return;
  }
  const others = otherEndpoints(view);
  facts(endpoint, [
    ['Target check', view.preflight?.summary, 'preflight'],
    ['Subnet check', view.preflight?.subnet, 'preflight-subnet'],
    ['Name', e.name],
    ['Resource ID', resourceWithLink(e.resourceId), 'resource-id'],
    ['Provisioning', e.provisioningState],
    ['Connection', words(e.connectionStatus), 'connection-status'],
    ["Customer's note", e.connectionDescription, 'connection-description'],
    ['Private IP', (e.privateIpAddresses ?? []).join(', '), 'private-ip'],
    ['FQDN', (e.fqdns ?? []).join(', '), 'fqdn'],
    ['Other endpoints', others.length ? others : null, 'other-endpoints'],
  ]);
}

const ms = (value) => (typeof value === 'number' ? `${value.toFixed(1)} ms` : '—');

// Each probe under the endpoint it went through: a data lake's blob and dfs endpoints answer on the same port. `view.probes` is the
// flat list for a status written before endpoints carried their own.
function renderProbes(view) {
  const byEndpoint = (view.endpoints ?? []).flatMap((d) => (d.probes ?? []).map((p) => [d, p]));
  const list = byEndpoint.length ? byEndpoint : (view.probes ?? []).map((p) => [null, p]);
  if (list.length === 0) {
    fill(probes, el('p', { class: 'muted' }, 'Not checked yet.'));
    return;
  }
  fill(probes, list.map(([d, p]) => {
    const tls = p.tls;
    const dl = el('dl', { class: 'facts' });
    const expires = tls ? parseUtc(tls.certificateNotAfter) : null;
    facts(dl, [
      ['Result', p.detail, 'probe-detail'],
      ['TLS', p.clearText ? 'clear text (TLS was not used)' : tls ? words(tls.version) : '—', 'tls-version'],
      ['TLS failure', p.tlsFailureReason ? (p.clearText ? [el('strong', { class: 'warn' }, 'warning: '), p.tlsFailureReason] : p.tlsFailureReason) : null, 'tls-failure'],
      ['Host name', p.nameResolution ? (p.nameResolution.outcome === 'MatchesEndpoint' ? p.nameResolution.detail : [el('strong', { class: 'warn' }, 'warning: '), p.nameResolution.detail]) : null, 'name-resolution'],
      ['Cipher', tls?.cipherSuite, 'cipher'],
      ['Certificate', tls?.certificateSubject, 'certificate-subject'],
      ['Issuer', tls?.certificateIssuer, 'certificate-issuer'],
      ['Expires', expires ? [utc(expires), tls.expiresSoon ? el('strong', { class: 'warn' }, ' (expires soon)') : null] : null, 'certificate-expiry'],
      ['SHA-256', tls?.certificateSha256 ? el('code', {}, tls.certificateSha256) : null, 'certificate-sha256'],
      ['Timings', p.timings ? `resolve ${ms(p.timings.resolveMs)} · connect ${ms(p.timings.connectMs)} · negotiation ${ms(p.timings.negotiationMs)} · handshake ${ms(p.timings.handshakeMs)}` : null, 'timings'],
    ]);
    return el('article', { class: `probe probe-${p.status === 'Succeeded' ? 'ok' : 'bad'}`, dataset: { port: p.port, status: p.status, endpoint: d?.name ?? '' } },
      el('h4', {}, d ? `${d.groupId ?? 'service'} (${d.hostName}) · ` : '', `Port ${p.port} · ${words(p.protocol)} · `, el('span', { class: 'probe-status' }, words(p.status))),
      dl);
  }));
}

function renderRequest(view) {
  const r = view.request;
  if (!r) {
    fill(request, el('dd', { class: 'muted' }, 'The request could not be read.'));
    return;
  }
  facts(request, [
    ['Type', words(r.destinationType), 'type'],
    ['Target', resourceWithLink(r.targetResourceId), 'target'],
    ['Group ID', r.groupId ?? '(discovered)', 'group-id'],
    ['Host name', r.hostName, 'host-name'],
    ['Ports', (r.ports ?? []).map((m) => (m.destinationIp ? `${m.port} → ${m.destinationIp}` : String(m.port))).join(', '), 'ports'],
    ['TLS required', r.requireTls ? 'yes' : 'no (clear text allowed)', 'require-tls'],
    ['Name check', r.strictNameResolution ? 'strict (a name not resolving to the endpoint fails)' : 'warning only', 'strict-name-resolution'],
    ['Ticket', r.ticketId, 'ticket'],
    ['Approval timeout', r.approvalTimeout, 'approval-timeout'],
    ['Callback', r.callbackUrl, 'callback'],
    ['Trusted CA', r.trustedCaCertificatesPem ? 'custom CA bundle' : null, 'trusted-ca'],
    ['Pinned certificate', r.pinnedCertificateSha256 ? el('code', {}, r.pinnedCertificateSha256) : null, 'pinned'],
  ]);
}

function render(view) {
  const json = JSON.stringify(view);
  if (json === lastJson) return;
  lastJson = json;
  text(title, view.destinationId);
  stage.className = stageClass(view.stage);
  stage.dataset.stage = view.stage;
  text(stage, words(view.stage));
  const entered = parseUtc(view.enteredAtUtc);
  since.dataset.entered = entered?.toISOString() ?? '';
  since.dataset.prefix = 'for ';
  text(since, entered ? `for ${duration(Date.now() - entered)}` : '');
  text(detail, view.detail);
  error.hidden = !view.error;
  text(error, view.error);
  renderTimeline(view);
  renderEndpoint(view);
  renderProbes(view);
  renderRequest(view);
}

function showResult(message, status, failed) {
  result.hidden = false;
  result.className = failed ? 'result error' : 'result ok';
  result.dataset.status = String(status);
  text(result, message);
}

function clear() {
  lastJson = null;
  for (const node of [stage, since, detail, error]) text(node, '');
  error.hidden = true;
  for (const node of [timeline, endpoint, probes, request]) node.replaceChildren();
}

/** Shows the given destination (from the address bar, so from outside: it is only ever shown as text). */
export function open(id) {
  if (id !== destinationId) {
    destinationId = id;
    pending = null;
    confirmBar.hidden = true;
    result.hidden = true;
    clear();
  }
  text(title, id);
}

/** Reads the destination again; API errors (404, 400) are shown in the view. */
export async function refresh() {
  const id = destinationId;
  if (id === null) return;
  try {
    const view = await getOnboarding(id);
    if (id === destinationId) render(view);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 0) throw e;
    if (id !== destinationId) return;
    clear();
    error.hidden = false;
    text(error, e.message);
  }
}

async function run(name) {
  const action = actions[name];
  const id = destinationId;
  for (const b of buttons) b.disabled = true;
  showResult(`${action.label}: sending…`, '', false);
  try {
    const answer = await action.call(id);
    showResult(`${action.label}: ${answer.status} ${answer.statusText || 'Accepted'} — the workflow picks it up; this page follows it.`, answer.status, false);
  } catch (e) {
    showResult(`${action.label} refused: ${e.message}`, e.status ?? 0, true);
  } finally {
    for (const b of buttons) b.disabled = false;
    onChanged();
  }
}

/** Hides the actions the signed-in user's roles do not allow (the API refuses them anyway). */
export function applyRoles(can) {
  for (const b of buttons) b.hidden = !can(actions[b.dataset.action].role);
}

/** Wires the action buttons and the confirmation bar. */
export function initActions(changed) {
  onChanged = changed;
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const action = actions[button.dataset.action];
      if (!action.confirm) {
        confirmBar.hidden = true;
        run(button.dataset.action);
        return;
      }
      pending = button.dataset.action;
      text(confirmText, action.confirm);
      confirmBar.hidden = false;
      $('confirm-yes').focus();
    });
  }
  $('confirm-yes').addEventListener('click', () => {
    confirmBar.hidden = true;
    if (pending) run(pending);
    pending = null;
  });
  $('confirm-no').addEventListener('click', () => {
    confirmBar.hidden = true;
    pending = null;
  });
}
