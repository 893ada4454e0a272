/**
 * Users' own API checks in REST Assured style ({@link io.intelgraph.cutover.api.ApiRequests}): a
 * request specification prepared per environment (base URI, the golden token, bounded timeouts, a
 * redacting report filter). Owns only that preparation; imports {@code config}, {@code golden} (for
 * the token), the secret registry and REST Assured/Allure.
 */
package io.intelgraph.cutover.api;
