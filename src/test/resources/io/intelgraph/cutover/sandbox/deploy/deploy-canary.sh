#!/bin/sh
# The sandbox's ./scripts/cutover/deploy-canary.sh: deploys release $CUTOVER_RELEASE_TAG to the canary
# deployment through the sandbox's Kubernetes API (curl, the deploy pipeline's own ServiceAccount token,
# RBAC enforced), as a chart upgrade would: the pod template gets the release's version label, so the
# deployment rolls out and the rollout line can tell which release it runs.
#   deploy-canary.sh API_URL TOKEN_FILE BEHAVIOUR_FILE
set -eu
api=${1:?API server URL}
token_file=${2:?file holding the deployer token}
namespace=${CUTOVER_NAMESPACE:?set by the suite}
release=${CUTOVER_RELEASE_TAG:?set by the suite}
deployment=intelgraph-api-canary

echo "deploying $release to deployment/$deployment in $namespace"
body=$(printf '{"metadata":{"labels":{"app.kubernetes.io/version":"%s"}},"spec":{"template":{"metadata":{"labels":{"app.kubernetes.io/version":"%s"}}}}}' "$release" "$release")
curl --silent --show-error --fail-with-body --max-time 10 \
  -X PATCH -H "Authorization: Bearer $(cat "$token_file")" \
  -H 'Content-Type: application/merge-patch+json' \
  --data "$body" \
  "$api/apis/apps/v1/namespaces/$namespace/deployments/$deployment" > /dev/null
echo "deployment/$deployment patched: app.kubernetes.io/version=$release"
