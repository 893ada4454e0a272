/**
 * Kubernetes, read and written through fabric8: the connection (verified TLS), deployment and
 * rollout status, the weighted routing of the ingress and the Gateway API HTTPRoute that moves
 * traffic between stable and canary, target health and the latest backup. May import {@code config}
 * and {@code support}; never the ledger, Allure or the gates.
 */
package io.intelgraph.cutover.cluster;
