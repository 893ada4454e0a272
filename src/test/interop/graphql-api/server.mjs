// An IntelGraph-shaped GraphQL API written on another stack than the suite: Node's http server,
// graphql-js, the graphql-ws reference server (graphql-transport-ws) on the same port, and jose
// validating the identity provider's JWTs against its JWKS. Its schema differs from the
// reference API on purpose: other input types and field names, the tenant taken from the token,
// and a neighbourhood of {center, entities, relationships, depth} without a per-entity depth.
//
// Environment: PORT (0 = any), ISSUER, AUDIENCE, TENANT_CLAIM (default tenant).
// Prints "listening <port>" once it accepts connections. Test-only control (never in a real API):
// POST /__fault {"fault": "none" | "write-500" | "silent-subscription"}.
import http from 'node:http';
import crypto from 'node:crypto';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { buildSchema, graphql, parse, validate, execute, subscribe, GraphQLError } from 'graphql';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const issuer = process.env.ISSUER;
const audience = process.env.AUDIENCE;
const tenantClaim = process.env.TENANT_CLAIM || 'tenant';
const jwks = createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`));
let fault = 'none';

const schema = buildSchema(`
  scalar JSON
  type Node { uid: ID!, org: String!, type: String!, tags: [String!]!, attributes: JSON }
  type Relationship { source: ID!, target: ID!, kind: String! }
  type Neighbourhood { center: Node, entities: [Node!]!, relationships: [Relationship!]!, depth: Int! }
  input NewNode { org: String!, type: String!, tags: [String!]!, attributes: JSON }
  type Query { node(uid: ID!): Node, neighbourhood(from: ID!, hops: Int!, max: Int): Neighbourhood! }
  type Mutation { addNode(node: NewNode!): Node!, removeNode(uid: ID!): ID }
  type Subscription { nodeAdded: Node! }
`);

// seed: a chain of four hops from each tenant's root, so a 3-hop neighbourhood has depths 1, 2, 3
const nodes = new Map();
const relationships = [];
for (const org of ['tenant-a', 'tenant-b']) {
  const ids = [0, 1, 2, 3, 4].map((i) => `${org}-n${i}`);
  ids.forEach((uid) => nodes.set(uid, { uid, org, type: 'Seed', tags: [], attributes: {} }));
  for (let i = 0; i + 1 < ids.length; i++) relationships.push({ source: ids[i], target: ids[i + 1], kind: 'LINKS' });
}

const listeners = new Set();

function visible(uid, org) {
  const node = nodes.get(uid);
  return node && node.org === org ? node : null;
}

const root = {
  node: ({ uid }, ctx) => visible(uid, ctx.org),
  neighbourhood: ({ from, hops, max }, ctx) => {
    const center = visible(from, ctx.org);
    if (!center) return { center: null, entities: [], relationships: [], depth: 0 };
    const seen = new Map([[from, 0]]);
    let frontier = [from];
    let depth = 0;
    const edges = [];
    while (frontier.length && depth < hops) {
      const next = [];
      for (const rel of relationships) {
        for (const [a, b] of [[rel.source, rel.target], [rel.target, rel.source]]) {
          if (frontier.includes(a) && visible(b, ctx.org) && !seen.has(b)) {
            seen.set(b, depth + 1);
            next.push(b);
            edges.push(rel);
          }
        }
      }
      if (next.length) depth++;
      frontier = next;
    }
    const entities = [...seen.keys()].filter((uid) => uid !== from).slice(0, max ?? 100).map((uid) => nodes.get(uid));
    return { center, entities, relationships: edges, depth };
  },
  addNode: ({ node }, ctx) => {
    if (fault === 'write-500') throw Object.assign(new Error('storage unavailable'), { status: 500 });
    if (node.org !== ctx.org) throw new GraphQLError(`token tenant ${ctx.org} may not write to ${node.org}`, { extensions: { code: 'FORBIDDEN' } });
    const created = { ...node, uid: crypto.randomUUID() };
    nodes.set(created.uid, created);
    if (fault !== 'silent-subscription') for (const listener of listeners) listener(created);
    return created;
  },
  removeNode: ({ uid }, ctx) => (visible(uid, ctx.org) && nodes.delete(uid) ? uid : null),
  nodeAdded: (_args, ctx) => tenantFeed(ctx.org),
};

// an async iterator of the nodes added for one tenant, ended when the client completes
function tenantFeed(org) {
  const queue = [];
  let wake = null;
  const listener = (node) => {
    if (node.org !== org) return;
    queue.push(node);
    if (wake) { wake(); wake = null; }
  };
  listeners.add(listener);
  return {
    [Symbol.asyncIterator]() { return this; },
    async next() {
      while (!queue.length) await new Promise((resolve) => { wake = resolve; });
      return { value: { nodeAdded: queue.shift() }, done: false };
    },
    async return() { listeners.delete(listener); return { value: undefined, done: true }; },
  };
}

async function tenantOf(authorization) {
  const match = /^Bearer (.+)$/.exec(authorization || '');
  if (!match) return null;
  try {
    const { payload } = await jwtVerify(match[1], jwks, { issuer, audience, algorithms: ['RS256'] });
    return typeof payload[tenantClaim] === 'string' ? payload[tenantClaim] : null;
  } catch {
    return null;
  }
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if (req.method === 'POST' && req.url === '/__fault') {
    fault = JSON.parse(text).fault;
    return send(res, 200, { fault });
  }
  if (req.url !== '/graphql') return send(res, 404, { error: 'not found' });
  if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
  const org = await tenantOf(req.headers.authorization);
  if (!org) return send(res, 401, { errors: [{ message: 'unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] });
  let request;
  try {
    request = JSON.parse(text);
  } catch {
    return send(res, 400, { errors: [{ message: 'body is not JSON' }] });
  }
  const result = await graphql({ schema, source: request.query, rootValue: root, contextValue: { org },
    variableValues: request.variables, operationName: request.operationName });
  const status = (result.errors || []).map((e) => e.originalError?.status).find(Boolean) || 200;
  send(res, status, status === 500 ? { errors: [{ message: 'internal server error' }] } : result);
});

const sockets = new WebSocketServer({ server, path: '/graphql' });
useServer({
  schema,
  roots: { subscription: { nodeAdded: root.nodeAdded } },
  execute,
  subscribe,
  onConnect: async (ctx) => {
    const org = await tenantOf(`Bearer ${String(ctx.connectionParams?.authorization || ctx.connectionParams?.Authorization || '').replace(/^Bearer /, '')}`);
    if (!org) return false;
    ctx.extra.org = org;
    return true;
  },
  context: (ctx) => ({ org: ctx.extra.org }),
  onSubscribe: (_ctx, _id, payload) => {
    const document = parse(payload.query);
    const errors = validate(schema, document);
    if (errors.length) return errors;
  },
}, sockets);

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
