package io.intelgraph.cutover.sandbox.api;

import java.util.List;

/**
 * The regions the sandbox's API serves in, as a multi-region deployment labels its latency
 * histogram ({@code region}). The sandbox's edge says which region served a request in {@value
 * #HEADER}, a header of the sandbox only: the suite reads the metric's label, never this header.
 */
public final class Regions {

  public static final String HEADER = "x-sandbox-region";
  public static final String US = "us";
  public static final String EU = "eu";
  public static final String APAC = "apac";
  public static final List<String> ALL = List.of(US, EU, APAC);

  /** A request that names no known region is served in the US. */
  public static final String DEFAULT = US;

  private Regions() {}

  static String of(String header) {
    return header != null && ALL.contains(header) ? header : DEFAULT;
  }
}
