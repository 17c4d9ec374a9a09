// A real OpenID Connect provider (panva/oidc-provider) for the single sign-on tests.
//
// Listens on a free loopback port and prints one JSON line {"issuer": ...} when ready.
// Clients and accounts come from the environment as JSON:
//   OIDC_CLIENTS   [{client_id, client_secret, redirect_uris: [...]}]
//   OIDC_ACCOUNTS  {"<subject>": {email, email_verified, name, phone_number}}
// Signing in is a plain form: POST /interaction/<uid> with login=<subject>; consent to
// whatever the client asks for is granted at once.
import http from 'node:http';

import Provider from 'oidc-provider';

const clients = JSON.parse(process.env.OIDC_CLIENTS || '[]');
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function loginForm(res, uid, message) {
  res.statusCode = message ? 401 : 200;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><title>Sign in</title>${message ? `<p>${message}</p>` : ''}
<form method="post" action="/interaction/${uid}"><input name="login"><button>Sign in</button></form>`);
}

async function grantConsent(provider, details) {
  const { prompt, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes || {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt } = details;
  if (prompt.name === 'login') {
    if (req.method !== 'POST') return loginForm(res, uid);
    const login = (await readBody(req)).get('login');
    if (!Object.hasOwn(accounts, login || '')) return loginForm(res, uid, 'Unknown account');
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'consent') {
    const grantId = await grantConsent(provider, details);
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  res.statusCode = 400;
  res.end(`unsupported prompt ${prompt.name}`);
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    async findAccount(ctx, id) {
      if (!Object.hasOwn(accounts, id)) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: ['kiblat-test-provider-only'] },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(provider, req, res).catch((error) => {
        res.statusCode = 400;
        res.end(`interaction failed: ${error.message}`);
      });
      return;
    }
    handle(req, res);
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
