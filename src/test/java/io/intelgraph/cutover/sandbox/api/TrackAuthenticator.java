package io.intelgraph.cutover.sandbox.api;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an Authorization header into a {@link Caller} for one track, applying the auth-regression
 * fault on the canary. The tenant is the token's tenant claim, else the {@code x-tenant-id} header.
 */
final class TrackAuthenticator {

  /** Either a caller or the reason for a 401. */
  record Authentication(Optional<Caller> caller, String rejection) {
    static Authentication accepted(Caller caller) {
      return new Authentication(Optional.of(caller), "");
    }

    static Authentication rejected(String reason) {
      return new Authentication(Optional.empty(), reason);
    }
  }

  private final TokenVerifier verifier;
  private final FaultPolicy faults;
  private final String tenantClaim;

  TrackAuthenticator(TokenVerifier verifier, FaultPolicy faults, String tenantClaim) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.tenantClaim = Objects.requireNonNull(tenantClaim, "tenantClaim");
  }

  Authentication authenticate(Track track, String authorization, String tenantHeader) {
    TokenVerifier.Result result = verifier.verifyHeader(authorization);
    if (result instanceof TokenVerifier.Accepted accepted) {
      if (faults.rejectValidToken(track)) {
        return Authentication.rejected(
            "JWT rejected: signature verification failed"); // the regression lies
      }
      return Authentication.accepted(callerOf(accepted.claims(), tenantHeader));
    }
    String reason = ((TokenVerifier.Rejected) result).reason();
    if (faults.acceptInvalidToken(track) && authorization != null && authorization.length() > 7) {
      Optional<JWTClaimsSet> claims =
          TokenVerifier.unverifiedClaims(authorization.substring(7).strip());
      if (claims.isPresent()) {
        return Authentication.accepted(callerOf(claims.get(), tenantHeader));
      }
    }
    return Authentication.rejected(reason);
  }

  private Caller callerOf(JWTClaimsSet claims, String tenantHeader) {
    String subject = Objects.requireNonNullElse(claims.getSubject(), "anonymous");
    Optional<String> tenant;
    try {
      tenant = Optional.ofNullable(claims.getStringClaim(tenantClaim));
    } catch (ParseException notAString) {
      tenant =
          Optional.empty(); // a non-string tenant claim is no tenant; the header may still name one
    }
    if (tenant.isEmpty() && tenantHeader != null && !tenantHeader.isBlank()) {
      tenant = Optional.of(tenantHeader.strip());
    }
    return new Caller(subject, tenant);
  }
}
