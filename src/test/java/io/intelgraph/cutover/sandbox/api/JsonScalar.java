package io.intelgraph.cutover.sandbox.api;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.GraphQLScalarType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code JSON} scalar: any JSON value; an input string that holds a JSON object becomes that
 * object.
 */
final class JsonScalar {

  static final GraphQLScalarType JSON =
      GraphQLScalarType.newScalar()
          .name("JSON")
          .description("Any JSON value")
          .coercing(
              new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext context, Locale locale) {
                  return value;
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                  return fromString(input);
                }

                @Override
                public Object parseLiteral(
                    Value<?> input,
                    CoercedVariables variables,
                    GraphQLContext context,
                    Locale locale) {
                  return fromString(literal(input, variables.toMap()));
                }
              })
          .build();

  private JsonScalar() {}

  private static Object fromString(Object value) {
    if (value instanceof String text && text.strip().startsWith("{")) {
      try {
        return Json.readObject(text);
      } catch (RuntimeException notJson) {
        return text; // a string that merely looks like an object stays a string
      }
    }
    return value;
  }

  private static Object literal(Value<?> value, Map<String, Object> variables) {
    if (value instanceof StringValue v) {
      return v.getValue();
    } else if (value instanceof IntValue v) {
      return v.getValue();
    } else if (value instanceof FloatValue v) {
      return v.getValue();
    } else if (value instanceof BooleanValue v) {
      return v.isValue();
    } else if (value instanceof EnumValue v) {
      return v.getName();
    } else if (value instanceof NullValue) {
      return null;
    } else if (value instanceof VariableReference v) {
      return variables.get(v.getName());
    } else if (value instanceof ArrayValue v) {
      return v.getValues().stream().map(item -> literal(item, variables)).toList();
    } else if (value instanceof ObjectValue v) {
      Map<String, Object> object = new LinkedHashMap<>();
      v.getObjectFields()
          .forEach(field -> object.put(field.getName(), literal(field.getValue(), variables)));
      return object;
    }
    throw new CoercingParseLiteralException(
        "JSON literal of type %s is not supported; use an object, list, string, number or boolean"
            .formatted(value.getClass().getSimpleName()));
  }
}
