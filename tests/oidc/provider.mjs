// A real OpenID provider for the single sign-on tests (oidc-provider), on loopback only.
// Usage: node provider.mjs REDIRECT_URI ACCOUNTS_JSON; it listens on a port the system gives it (port 0, so two
// providers started at once never choose the same one) and then prints `ready <issuer>`.
// The account signs in by its id given as login_hint (the tests that play the browser), or typed into a small form
// (the browser journeys); consent is given at once. Two clients: "naleving" (the app under test) and "other-app" (a token for someone else).
import http from 'node:http';
import Provider from 'oidc-provider';

const [redirectUri, accountsJson] = process.argv.slice(2);
const accounts = JSON.parse(accountsJson || '{}');
const client = (id, secret) => ({
  client_id: id,
  client_secret: secret,
  redirect_uris: [redirectUri],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const loginForm = (uid) => `<!doctype html><html lang="en"><head><title>Test provider</title></head><body>
<h1>Test identity provider</h1><form method="post" action="/interaction/${uid}">
<label for="account">Account</label><input id="account" name="account"><button type="submit">Sign in</button>
</form></body></html>`;

const formBody = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
  });

// The provider for an issuer (its URL names the port the server was given).
const start = (issuer) => {
  const provider = new Provider(issuer, {
    clients: [client('naleving', 'naleving-secret'), client('other-app', 'other-secret')],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    conformIdTokenClaims: false, // the claims in the ID token itself, as Entra ID and Keycloak send them
    cookies: { keys: ['naleving-test-only'] },
    findAccount: async (ctx, id) => (accounts[id] ? { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) } : undefined),
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  });

  provider.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/interaction/')) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let accountId = details.params.login_hint;
    if (!accountId && ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = loginForm(details.uid);
      return undefined;
    }
    if (!accountId) accountId = (await formBody(ctx.req)).get('account');
    if (!accounts[accountId]) {
      ctx.status = 400;
      ctx.body = 'unknown login_hint';
      return undefined;
    }
    const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    ctx.respond = false;
    return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId }, consent: { grantId } }, {
      mergeWithLastSubmission: false,
    });
  });

  return provider;
};

// The issuer names the port, so the provider is made once the server has one.
const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  server.on('request', start(issuer).callback());
  console.log(`ready ${issuer}`);
});
