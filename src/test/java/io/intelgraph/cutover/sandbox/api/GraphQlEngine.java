package io.intelgraph.cutover.sandbox.api;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Field;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The GraphQL side of the reference API: the SDL in {@code sandbox/intelgraph.graphqls}, resolvers
 * over the shared {@link EntityStore}, tenant checks, persisted queries and error codes. One engine
 * serves both tracks; the caller and the track travel in the GraphQL context.
 *
 * <p>Tenant isolation answers HTTP 200 with a GraphQL error whose {@code extensions.code} is {@code
 * FORBIDDEN} and a null field, as GraphQL-over-HTTP does for field errors.
 */
final class GraphQlEngine {

  static final String SCHEMA_RESOURCE = "sandbox/intelgraph.graphqls";
  private static final String CALLER = "caller";
  private static final String ROOT_FIELD = "rootField";
  private static final String HOPS = "hops";

  private final EntityStore store;
  private final Executor feedExecutor;
  private final PersistedQueries persistedQueries = new PersistedQueries();
  private final GraphQL graphQl;

  /** What one execution did, for the response and the metrics. */
  record Outcome(
      ExecutionResult result, String operation, String outcome, Optional<Integer> hops) {}

  private static final int MAX_PARSED = 256;
  private final Map<String, PreparsedDocumentEntry> parsed = new ConcurrentHashMap<>();

  GraphQlEngine(EntityStore store, Executor feedExecutor) {
    this.store = Objects.requireNonNull(store, "store");
    this.feedExecutor = Objects.requireNonNull(feedExecutor, "feedExecutor");
    GraphQLSchema schema =
        new SchemaGenerator()
            .makeExecutableSchema(new SchemaParser().parse(loadSchema()), wiring());
    this.graphQl =
        GraphQL.newGraphQL(schema)
            .defaultDataFetcherExceptionHandler(new ErrorCodes())
            .instrumentation(new RootFieldRecorder())
            .preparsedDocumentProvider(this::parsedOnce)
            .build();
  }

  /**
   * graphql-java's documented cache of parsed and validated documents, keyed by the query text: the
   * load generator sends a handful of queries thousands of times, and parsing each again was a
   * tenth of the sandbox's CPU on two cores.
   */
  private CompletableFuture<PreparsedDocumentEntry> parsedOnce(
      ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
    String query = input.getQuery();
    if (query == null) return CompletableFuture.completedFuture(parseAndValidate.apply(input));
    PreparsedDocumentEntry entry = parsed.get(query);
    if (entry == null) {
      entry = parseAndValidate.apply(input);
      if (parsed.size() >= MAX_PARSED) parsed.clear();
      parsed.put(query, entry);
    }
    return CompletableFuture.completedFuture(entry);
  }

  Outcome execute(GraphQlRequest request, Caller caller) {
    PersistedQueries.Resolution resolution = persistedQueries.resolve(request);
    if (resolution.error().isPresent()) {
      String code = resolution.error().get();
      GraphQLError error =
          GraphqlErrorBuilder.newError()
              .message(code)
              .extensions(
                  Map.of(
                      "code",
                      code.equals("PersistedQueryNotFound")
                          ? "PERSISTED_QUERY_NOT_FOUND"
                          : "BAD_REQUEST"))
              .build();
      return new Outcome(
          ExecutionResultImpl.newExecutionResult().addError(error).build(),
          "unknown",
          "error",
          Optional.empty());
    }
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(resolution.document().orElseThrow())
            .operationName(request.operationName().orElse(null))
            .variables(request.variables())
            .graphQLContext(Map.of(CALLER, caller))
            .build();
    ExecutionResult result = graphQl.execute(input);
    String operation = input.getGraphQLContext().getOrDefault(ROOT_FIELD, "invalid");
    Optional<Integer> hops = Optional.ofNullable(input.getGraphQLContext().get(HOPS));
    return new Outcome(result, operation, classify(result), hops);
  }

  private static String classify(ExecutionResult result) {
    if (result.getErrors().isEmpty()) {
      return "success";
    }
    boolean forbidden =
        result.getErrors().stream()
            .anyMatch(
                e ->
                    e.getExtensions() != null && "FORBIDDEN".equals(e.getExtensions().get("code")));
    return forbidden ? "forbidden" : "error";
  }

  private RuntimeWiring wiring() {
    return RuntimeWiring.newRuntimeWiring()
        .scalar(JsonScalar.JSON)
        .type(
            "Query",
            t ->
                t.dataFetcher(
                        "entity",
                        env -> {
                          String tenant = tenantArgument(env, env.getArgument("tenantId"));
                          return store.find(tenant, env.getArgument("id")).orElse(null);
                        })
                    .dataFetcher(
                        "graphNeighborhood",
                        env -> {
                          Map<String, Object> in = env.getArgument("input");
                          String tenant = tenantArgument(env, (String) in.get("tenantId"));
                          int maxDepth = (Integer) in.get("maxDepth");
                          env.getGraphQlContext().put(HOPS, maxDepth);
                          return store.neighborhood(
                              tenant,
                              (String) in.get("startEntityId"),
                              maxDepth,
                              (Integer) in.get("limit"));
                        }))
        .type(
            "Mutation",
            t ->
                t.dataFetcher(
                        "createEntity",
                        env -> {
                          Map<String, Object> in = env.getArgument("input");
                          String tenant = tenantArgument(env, (String) in.get("tenantId"));
                          return store.create(
                              tenant,
                              (String) in.get("kind"),
                              stringList(in.get("labels")),
                              props(in.get("props")));
                        })
                    .dataFetcher(
                        "deleteEntity",
                        env ->
                            store.delete(
                                tenantArgument(env, env.getArgument("tenantId")),
                                env.getArgument("id")))
                    .dataFetcher(
                        "relate",
                        env -> {
                          Map<String, Object> in = env.getArgument("input");
                          String tenant = tenantArgument(env, (String) in.get("tenantId"));
                          return store.relate(
                              tenant,
                              (String) in.get("fromId"),
                              (String) in.get("toId"),
                              (String) in.get("type"));
                        }))
        .type(
            "Subscription",
            t ->
                t.dataFetcher(
                    "entityCreated",
                    env ->
                        new EntityCreatedFeed(
                            store, tenantArgument(env, env.getArgument("tenantId")), feedExecutor)))
        .type(
            "Entity",
            t ->
                t.dataFetcher(
                    "createdAt",
                    (DataFetcher<String>) env -> env.<Entity>getSource().createdAt().toString()))
        .build();
  }

  private static String tenantArgument(DataFetchingEnvironment env, String requested) {
    Caller caller = env.getGraphQlContext().get(CALLER);
    caller.requireTenant(requested);
    return requested;
  }

  private static List<String> stringList(Object labels) {
    if (labels == null) {
      return List.of();
    }
    return ((List<?>) labels).stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> props(Object props) {
    if (props == null) {
      return Map.of();
    }
    if (props instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IllegalArgumentException(
        "createEntity: input.props is %s; expected a JSON object or a string holding one, e.g. {\"name\":\"x\"}"
            .formatted(props.getClass().getSimpleName()));
  }

  private static String loadSchema() {
    try (InputStream in =
        GraphQlEngine.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "classpath resource %s is missing; it ships in src/main/resources"
                .formatted(SCHEMA_RESOURCE));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + SCHEMA_RESOURCE, e);
    }
  }

  /** Maps resolver exceptions to GraphQL errors with a stable {@code extensions.code}. */
  private static final class ErrorCodes implements DataFetcherExceptionHandler {
    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
        graphql.execution.DataFetcherExceptionHandlerParameters parameters) {
      Throwable failure = parameters.getException();
      String code;
      if (failure instanceof Caller.ForbiddenException) {
        code = "FORBIDDEN";
      } else if (failure instanceof EntityStore.NotFoundException) {
        code = "NOT_FOUND";
      } else if (failure instanceof IllegalArgumentException) {
        code = "BAD_USER_INPUT";
      } else {
        code = "INTERNAL_SERVER_ERROR";
      }
      GraphQLError error =
          GraphqlErrorBuilder.newError(parameters.getDataFetchingEnvironment())
              .message(String.valueOf(failure.getMessage()))
              .extensions(Map.of("code", code))
              .build();
      return CompletableFuture.completedFuture(
          DataFetcherExceptionHandlerResult.newResult(error).build());
    }
  }

  /**
   * Remembers the operation's first root field (the metrics' operation label) in the GraphQL
   * context.
   */
  private static final class RootFieldRecorder extends SimplePerformantInstrumentation {
    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
        InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
      var context = parameters.getExecutionContext();
      context.getOperationDefinition().getSelectionSet().getSelectionsOfType(Field.class).stream()
          .findFirst()
          .ifPresent(field -> context.getGraphQLContext().put(ROOT_FIELD, field.getName()));
      return SimpleInstrumentationContext.noOp();
    }
  }
}
