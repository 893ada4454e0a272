/**
 * The house's shared means, one of each: {@link io.intelgraph.cutover.support.HttpClients} builds
 * every HTTP client (connect timeout, explicit redirects, HTTP/1.1 on cleartext and HTTP/2 only
 * where TLS negotiates it), {@link io.intelgraph.cutover.support.BoundedHttp} sends one request
 * under a hard bound, {@link io.intelgraph.cutover.support.JsonMappers} holds the JSON mappers and
 * {@link io.intelgraph.cutover.support.Excerpts} shortens an answer for a message. Knows no domain:
 * may import {@code config} (for {@code HttpProtocol}) and libraries, nothing else; every package
 * may import it.
 */
package io.intelgraph.cutover.support;
