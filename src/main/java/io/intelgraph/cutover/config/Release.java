package io.intelgraph.cutover.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** The release being cut over: its tag, who owns the decision, and links for the report. */
public record Release(String tag, String owner, Optional<URI> runbook, Map<String, URI> links) {
  public Release {
    if (tag == null || tag.isBlank())
      throw new IllegalArgumentException("release tag is required, e.g. v1.0.0-GA");
    if (!tag.matches("[A-Za-z0-9._+-]+")) {
      throw new IllegalArgumentException("release tag may hold only letters, digits and . _ + -");
    }
    links = Map.copyOf(links);
  }
}
