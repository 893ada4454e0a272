/**
 * The environment model: one YAML file per environment (plus the built-in {@code defaults.yaml}),
 * bound into records with checked constructors, overridden by system properties and environment
 * variables, validated once with errors that name the key, the bad value and the fix. Secrets are
 * held by reference ({@link io.intelgraph.cutover.config.Secret}). Imports no other product
 * package: every package may import it.
 */
package io.intelgraph.cutover.config;
