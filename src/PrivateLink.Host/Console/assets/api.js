// The console's only way to the data: the public onboarding API (README, "HTTP API"), same origin, the signed-in user's bearer token.
import { accessToken } from './auth.js';

const base = '/api/onboardings';
// Bounded: at most 5 pages of 100 per refresh (the list shows a note when more exist).
const maxPages = 5;
const pageSize = 100;

/** An API answer that was not a success, with the problem+json details when the server sent them. */
export class ApiError extends Error {
  constructor(status, statusText, problem) {
    super(describe(status, statusText, problem));
    this.status = status;
    this.problem = problem;
  }
}

function describe(status, statusText, problem) {
  const parts = [`${status} ${problem?.title || statusText || ''}`.trim()];
  if (problem?.detail) parts.push(problem.detail);
  if (problem?.errors && typeof problem.errors === 'object') {
    for (const [field, messages] of Object.entries(problem.errors)) {
      parts.push(`${field}: ${[].concat(messages).join(' ')}`);
    }
  }
  return parts.join(' — ');
}

async function request(method, url) {
  let response;
  try {
    const headers = { Accept: 'application/json' };
    const token = accessToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    response = await fetch(url, { method, cache: 'no-store', credentials: 'omit', headers });
  } catch (e) {
    throw new ApiError(0, `API unreachable (${e.message})`, null);
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, response.statusText, body);
  return { status: response.status, statusText: response.statusText, body };
}

const path = (destinationId, suffix = '') => `${base}/${encodeURIComponent(destinationId)}${suffix}`;

/** Reads every onboarding (following continuation tokens, at most maxPages pages). */
export async function listOnboardings() {
  const items = [];
  let token = null;
  for (let page = 0; page < maxPages; page++) {
    const query = new URLSearchParams({ pageSize: String(pageSize) });
    if (token) query.set('continuationToken', token);
    const { body } = await request('GET', `${base}?${query}`);
    items.push(...(body?.items ?? []));
    token = body?.continuationToken;
    if (!token) return { items, truncated: false };
  }
  return { items, truncated: true };
}

/** Reads one onboarding. */
export async function getOnboarding(destinationId) {
  return (await request('GET', path(destinationId))).body;
}

/** The operator's actions, each one API call. */
export const actions = {
  cancel: { label: 'Cancel', role: 'Onboarding.Operate', confirm: 'Cancel this onboarding? Its private endpoint will be deleted.', call: (id) => request('POST', path(id, '/cancel')) },
  recheck: { label: 'Re-check', role: 'Onboarding.Operate', confirm: null, call: (id) => request('POST', path(id, '/recheck')) },
  offboard: { label: 'Offboard', role: 'Onboarding.Offboard', confirm: 'Offboard this destination? Its private endpoint will be deleted.', call: (id) => request('DELETE', path(id)) },
};
