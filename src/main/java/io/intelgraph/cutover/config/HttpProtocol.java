package io.intelgraph.cutover.config;

/**
 * Which HTTP version the goldens speak ({@code goldens.http}).
 *
 * <ul>
 *   <li>{@code auto} (default): HTTP/1.1 on cleartext {@code http://}; on {@code https://} HTTP/2
 *       when the server offers it in the TLS handshake (ALPN), else HTTP/1.1. Never the cleartext
 *       {@code Upgrade: h2c} probe, which servers that share the port with a WebSocket server
 *       (Node's {@code http} + {@code ws}) refuse with 405.
 *   <li>{@code http1}: HTTP/1.1 everywhere.
 *   <li>{@code http2}: HTTP/2 everywhere, including the {@code h2c} upgrade on cleartext (RFC 7540
 *       3.2).
 * </ul>
 */
public enum HttpProtocol {
  AUTO,
  HTTP1,
  HTTP2
}
