package io.intelgraph.cutover.sandbox.api;

import java.util.Objects;
import java.util.Optional;

/** Who is calling, once the token was accepted: the token subject and the tenant they act for. */
record Caller(String subject, Optional<String> tenant) {
  Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenant, "tenant");
  }

  /** The tenant, or FORBIDDEN if it differs from the requested one or is unknown. */
  void requireTenant(String requested) {
    if (tenant.isEmpty()) {
      throw new ForbiddenException(
          "no tenant for caller '%s': the token has no tenant claim and no x-tenant-id header was sent"
              .formatted(subject));
    }
    if (!tenant.get().equals(requested)) {
      throw new ForbiddenException(
          "caller of tenant '%s' may not access tenant '%s'".formatted(tenant.get(), requested));
    }
  }

  /** A tenant isolation violation: surfaces as a GraphQL error with extensions.code FORBIDDEN. */
  static final class ForbiddenException extends RuntimeException {
    ForbiddenException(String message) {
      super(message);
    }
  }
}
