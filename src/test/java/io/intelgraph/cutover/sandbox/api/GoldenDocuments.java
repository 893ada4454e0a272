package io.intelgraph.cutover.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The GraphQL documents of the golden transactions. The reference API registers their hashes as
 * persisted queries at start, so a client may send only {@code
 * {"extensions":{"persistedQuery":{"version":1,"sha256Hash":
 * GoldenDocuments.sha256(GoldenDocuments.NEIGHBORHOOD)}}}}.
 */
public final class GoldenDocuments {

  public static final String CREATE_ENTITY =
      """
      mutation CreateEntity($input: EntityInput!) {
        createEntity(input: $input) { id tenantId kind labels props createdAt }
      }""";

  public static final String DELETE_ENTITY =
      """
      mutation DeleteEntity($id: ID!, $tenantId: String!) {
        deleteEntity(id: $id, tenantId: $tenantId)
      }""";

  public static final String RELATE =
      """
      mutation Relate($input: RelateInput!) {
        relate(input: $input) { from to type }
      }""";

  public static final String ENTITY =
      """
      query Entity($id: ID!, $tenantId: String!) {
        entity(id: $id, tenantId: $tenantId) { id tenantId kind labels props createdAt }
      }""";

  public static final String NEIGHBORHOOD =
      """
      query Neighborhood($input: NeighborhoodInput!) {
        graphNeighborhood(input: $input) {
          entities { id kind depth }
          edges { from to type }
          depthReached
        }
      }""";

  public static final String ENTITY_CREATED =
      """
      subscription EntityCreated($tenantId: String!) {
        entityCreated(tenantId: $tenantId) { id tenantId kind labels createdAt }
      }""";

  /** Every golden document, registered as a persisted query at start. */
  public static final List<String> ALL =
      List.of(CREATE_ENTITY, DELETE_ENTITY, RELATE, ENTITY, NEIGHBORHOOD, ENTITY_CREATED);

  private GoldenDocuments() {}

  /** The Apollo persisted-query hash: lower-case hex SHA-256 of the UTF-8 document. */
  public static String sha256(String document) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(document.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "SHA-256 is missing from this JVM; every Java 17 runtime must provide it", e);
    }
  }
}
