// Sign-in of the operator console: OpenID Connect authorization code with PKCE, done by the page itself against the configured
// authority (a public client, no secret); the access token lives in this tab's sessionStorage and goes out as a bearer header, so
// the browser never sends a credential on its own (no cookie: nothing for a cross-site request to ride on).

const storageKey = 'privatelink.console.session';
const pendingKey = 'privatelink.console.pending';
let settings = { authority: null };

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n = 32) => b64url(crypto.getRandomValues(new Uint8Array(n)));

function decode(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return null;
  }
}

function read() {
  try {
    const session = JSON.parse(sessionStorage.getItem(storageKey) || 'null');
    return session && session.expiresAt > Date.now() + 30000 ? session : null;
  } catch {
    return null;
  }
}

/** Stores an access token for this tab (the sign-in below, or a token pasted in development). */
export function useToken(accessToken) {
  const claims = decode(accessToken);
  const expiresAt = claims?.exp ? claims.exp * 1000 : Date.now() + 3600000;
  sessionStorage.setItem(storageKey, JSON.stringify({ accessToken, expiresAt }));
}

async function discovery() {
  const response = await fetch(new URL('.well-known/openid-configuration', settings.authority.endsWith('/') ? settings.authority : settings.authority + '/'), { cache: 'no-store' });
  if (!response.ok) throw new Error(`discovery document: ${response.status}`);
  return response.json();
}

/** Reads the settings and, when the page is the redirect back from the provider, redeems the code (checking state and PKCE). */
export async function init() {
  const answer = await fetch('/console/settings.json', { cache: 'no-store' });
  settings = await answer.json();
  const query = new URLSearchParams(location.search);
  if (!query.has('code') && !query.has('error')) return;
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) || 'null');
  sessionStorage.removeItem(pendingKey);
  const back = pending?.returnTo ?? '/';
  history.replaceState(null, '', back);
  if (query.has('error')) throw new Error(`sign-in refused: ${query.get('error')} ${query.get('error_description') ?? ''}`);
  if (!pending || query.get('state') !== pending.state) throw new Error('sign-in answer does not match this tab (state); sign in again');
  const meta = await discovery();
  const response = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: location.origin + '/',
      client_id: settings.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok || !body?.access_token) throw new Error(`token endpoint: ${response.status} ${body?.error ?? ''}`);
  useToken(body.access_token);
}

/** Sends the browser to the provider's sign-in page. */
export async function signIn() {
  const meta = await discovery();
  const verifier = random(48);
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = random();
  sessionStorage.setItem(pendingKey, JSON.stringify({ state, verifier, returnTo: location.pathname + location.search + location.hash }));
  const url = new URL(meta.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: location.origin + '/',
    scope: settings.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

export function signOut() {
  sessionStorage.removeItem(storageKey);
  location.reload();
}

/** Whether the page signs in against a provider (otherwise: development issuer, paste a token). */
export const hasProvider = () => Boolean(settings.authority);

/** The bearer token, or null when signed out (or expired). */
export const accessToken = () => read()?.accessToken ?? null;

/** Who is signed in and their app roles, read from the token (display only: the API enforces the roles). */
export function user() {
  const token = accessToken();
  const claims = token ? decode(token) : null;
  if (!claims) return null;
  const roles = [].concat(claims.roles ?? []);
  return { name: claims.name ?? claims.preferred_username ?? claims.oid ?? claims.sub, roles };
}

export const can = (role) => user()?.roles.includes(role) ?? false;
