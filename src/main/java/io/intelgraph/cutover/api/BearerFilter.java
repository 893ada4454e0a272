package io.intelgraph.cutover.api;

import io.intelgraph.cutover.golden.BearerToken;
import io.intelgraph.cutover.secrets.SecretRegistry;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.util.function.Supplier;

/**
 * Adds {@code Authorization: Bearer ...} when the request is sent, not when the specification is
 * built: the token is fetched (and refreshed) by its supplier, and registered as a secret before it
 * can appear in any log or attachment.
 */
final class BearerFilter implements Filter {

  private final Supplier<BearerToken> token;
  private final SecretRegistry secrets;

  BearerFilter(Supplier<BearerToken> token, SecretRegistry secrets) {
    this.token = token;
    this.secrets = secrets;
  }

  @Override
  public Response filter(
      FilterableRequestSpecification request,
      FilterableResponseSpecification response,
      FilterContext context) {
    BearerToken bearer = token.get();
    secrets.register("goldens.token", bearer.reveal());
    if (!request.getHeaders().hasHeaderWithName("Authorization")) {
      request.header("Authorization", bearer.authorizationHeader());
    }
    return context.next(request, response);
  }
}
