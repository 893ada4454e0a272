/**
 * The sandbox's reference API: a small, real stand-in for the production IntelGraph API.
 *
 * <p>Public surface: {@link io.intelgraph.cutover.sandbox.api.ReferenceApi} (start, URLs, close),
 * {@link io.intelgraph.cutover.sandbox.api.Track}, {@link
 * io.intelgraph.cutover.sandbox.api.TrafficWeights}, {@link
 * io.intelgraph.cutover.sandbox.api.FaultTuning}, {@link
 * io.intelgraph.cutover.sandbox.api.SeedData}, {@link
 * io.intelgraph.cutover.sandbox.api.GoldenDocuments} and {@link
 * io.intelgraph.cutover.sandbox.api.LoadGenerator}. Everything else is package-private.
 *
 * <p>Contract decisions:
 *
 * <ul>
 *   <li>Missing or invalid bearer token: HTTP 401, {@code {"error":"unauthorized","reason":"..."}}
 *       and {@code WWW-Authenticate: Bearer error="invalid_token"}; the token is never echoed.
 *   <li>Another tenant's data: HTTP 200, the field is null and the error has {@code extensions.code
 *       = FORBIDDEN} (GraphQL field error, not an HTTP 403).
 *   <li>Unknown persisted-query hash: HTTP 200, error message {@code PersistedQueryNotFound},
 *       {@code extensions.code = PERSISTED_QUERY_NOT_FOUND}.
 *   <li>Not a GraphQL request (bad JSON, neither query nor hash): HTTP 400.
 *   <li>Metrics record every HTTP request the API serves (any status); {@code /metrics} scrapes and
 *       WebSocket upgrades are not requests of the API and are not recorded there (connections are
 *       in {@code websocket_connections_active}).
 * </ul>
 */
package io.intelgraph.cutover.sandbox.api;
