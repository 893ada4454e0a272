package io.intelgraph.cutover.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the binder needs to know about one configuration record, read by reflection once per JVM:
 * its YAML keys (component names in snake case), their generic types, and its canonical
 * constructor.
 *
 * <p>Design note: {@link Class#getRecordComponents()} builds new component objects (and parses the
 * generic signatures) on every call, and looking up and opening the constructor costs as much
 * again; a cold command binding a few hundred values paid that for every record value it built
 * (each of the eleven gates, each GraphQL operation). {@link #of} keeps one shape per record class.
 *
 * <pre>{@code
 * RecordShape shape = RecordShape.of(GateSpec.class);
 * shape.keys();  // [name, query, threshold, ...]
 * }</pre>
 *
 * @param keys the YAML key of each component, in declaration order
 * @param types the generic type of each component, in the same order
 * @param known the keys sorted, for "use one of" messages
 * @param constructor the canonical constructor, accessible
 */
record RecordShape(
    List<String> keys, List<Type> types, Set<String> known, Constructor<?> constructor) {

  private static final ClassValue<RecordShape> SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          return read(type);
        }
      };

  /** The shape of {@code type}, a record class. */
  static RecordShape of(Class<?> type) {
    return SHAPES.get(type);
  }

  private static RecordShape read(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    List<String> keys =
        Arrays.stream(components).map(c -> RecordBinder.snakeCase(c.getName())).toList();
    List<Type> types = Arrays.stream(components).map(RecordComponent::getGenericType).toList();
    try {
      Constructor<?> constructor =
          type.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      constructor.setAccessible(true);
      return new RecordShape(
          keys, types, java.util.Collections.unmodifiableSet(new TreeSet<>(keys)), constructor);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("no canonical constructor on " + type.getName(), e);
    }
  }
}
