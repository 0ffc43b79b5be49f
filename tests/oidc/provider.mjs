// A real OpenID provider for the single sign-on tests (oidc-provider), on loopback only.
// Usage: node provider.mjs PORT REDIRECT_URI ACCOUNTS_JSON
// The account signs in by its id given as login_hint (no login form: the tests are the browser), and consent is
// given at once. Two clients: "naleving" (the app under test) and "other-app" (a token for someone else).
import Provider from 'oidc-provider';

const [port, redirectUri, accountsJson] = process.argv.slice(2);
const accounts = JSON.parse(accountsJson || '{}');
const issuer = `http://127.0.0.1:${port}`;
const client = (id, secret) => ({
  client_id: id,
  client_secret: secret,
  redirect_uris: [redirectUri],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

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
  const accountId = details.params.login_hint;
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

provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
