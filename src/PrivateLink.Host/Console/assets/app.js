// The operator console: routes between the list and a destination's detail, and polls the status API to keep the shown one live.
import { text, duration } from './dom.js';
import * as list from './list.js';
import * as detail from './detail.js';
import { listOnboardings } from './api.js';
import * as auth from './auth.js';

const listView = document.getElementById('list-view');
const detailView = document.getElementById('detail-view');
const live = document.getElementById('live');

// ?poll=<ms> shortens or lengthens the refresh interval (1 s to 60 s); 2 s by default. Hidden tabs do not poll.
const requested = Number(new URLSearchParams(location.search).get('poll'));
const interval = Number.isFinite(requested) && requested >= 1000 ? Math.min(requested, 60000) : 2000;
const who = document.getElementById('who');
const signInButton = document.getElementById('sign-in');
const signOutButton = document.getElementById('sign-out');
const tokenForm = document.getElementById('token-form');

let timer = null;
let generation = 0;

function route() {
  const match = /^#\/onboardings\/(.+)$/.exec(location.hash);
  if (!match) return { view: 'list' };
  let id = match[1];
  try {
    id = decodeURIComponent(id);
  } catch {
    // Not valid percent-encoding: show it as typed; the API will answer 400.
  }
  return { view: 'detail', id };
}

function showUser() {
  const current = auth.user();
  text(who, current ? `${current.name} · ${current.roles.join(', ') || 'no roles'}` : 'not signed in');
  signInButton.hidden = Boolean(current) || !auth.hasProvider();
  tokenForm.hidden = Boolean(current) || auth.hasProvider();
  signOutButton.hidden = !current;
  detail.applyRoles(auth.can);
  return current;
}

async function poll() {
  clearTimeout(timer);
  const mine = ++generation;
  try {
    if (!showUser()) {
      live.className = 'live error';
      text(live, 'sign in to see onboardings');
      return;
    }
    if (!document.hidden) {
      const where = route();
      if (where.view === 'list') list.render(await listOnboardings());
      else await detail.refresh();
      if (mine === generation) {
        live.className = 'live ok';
        text(live, `live · updated ${new Date().toLocaleTimeString()}`);
      }
    }
  } catch (e) {
    if (mine === generation) {
      live.className = 'live error';
      text(live, `not updating: ${e.message}`);
    }
  } finally {
    if (mine === generation) timer = setTimeout(poll, interval);
  }
}

function show() {
  const where = route();
  listView.hidden = where.view !== 'list';
  detailView.hidden = where.view !== 'detail';
  if (where.view === 'detail') {
    detail.open(where.id);
    document.title = `${where.id} · Private Link onboardings`;
  } else {
    document.title = 'Private Link onboardings';
  }
  poll();
}

// Time in stage moves on between polls.
setInterval(() => {
  const now = Date.now();
  for (const node of document.querySelectorAll('[data-entered]')) {
    const at = Date.parse(node.dataset.entered);
    if (!Number.isNaN(at)) text(node, `${node.dataset.prefix ?? ''}${duration(now - at)}`);
  }
}, 1000);

list.initFilters();
detail.initActions(() => poll());
signInButton.addEventListener('click', () => auth.signIn().catch((e) => text(live, `sign-in failed: ${e.message}`)));
signOutButton.addEventListener('click', () => auth.signOut());
tokenForm.addEventListener('submit', (e) => {
  e.preventDefault();
  auth.useToken(document.getElementById('token-input').value.trim());
  poll();
});
window.addEventListener('hashchange', show);
document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });
auth.init().then(show, (e) => {
  live.className = 'live error';
  text(live, e.message);
  show();
});
