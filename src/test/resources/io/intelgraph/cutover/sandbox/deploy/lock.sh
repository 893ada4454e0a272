#!/bin/sh
# The sandbox's lock, standing in for `helm upgrade intelgraph-maestro ./helm/intelgraph -f values-prod.yaml
# --set ingress.traffic.canary.enabled=false --wait`: through the sandbox's Kubernetes API (curl, the deploy
# pipeline's own ServiceAccount token, RBAC enforced) it renders what the chart would (all traffic on the
# canary in the ALB ingress annotation and the HTTPRoute) and then records the release as Helm's Secret
# storage driver does: Secret sh.helm.release.v1.<release>.v<N+1>, type helm.sh/release.v1, labels
# owner=helm,name,version,status, data.release = base64(gzip(release JSON)) (the API wants it base64 again).
# Sandbox fault lock-keeps-canary (the behaviour file says so): the chart keeps canary routing on, values
# enabled=true and 10 % left on stable.
#   lock.sh API_URL TOKEN_FILE BEHAVIOUR_FILE
set -eu
api=${1:?API server URL}
token_file=${2:?file holding the deployer token}
behaviour_file=${3:?file naming the sandbox fault in force}
namespace=${CUTOVER_NAMESPACE:?set by the suite}
release=intelgraph-maestro
auth="Authorization: Bearer $(cat "$token_file")"

enabled=false
stable=0
if [ "$(cat "$behaviour_file")" = lock-keeps-canary ]; then
  echo "sandbox fault lock-keeps-canary: the chart leaves canary routing on"
  enabled=true
  stable=10
fi
canary=$((100 - stable))

call() { # METHOD PATH CONTENT-TYPE BODY
  curl --silent --show-error --fail-with-body --max-time 10 -X "$1" -H "$auth" -H "Content-Type: $3" \
    --data "$4" "$api$2"
}

# what the chart renders: the ALB weighted-routing action and the HTTPRoute's backends
action=$(printf '{\\"type\\":\\"forward\\",\\"forwardConfig\\":{\\"targetGroups\\":[{\\"serviceName\\":\\"intelgraph-api\\",\\"servicePort\\":80,\\"weight\\":%d},{\\"serviceName\\":\\"intelgraph-api-canary\\",\\"servicePort\\":80,\\"weight\\":%d}]}}' "$stable" "$canary")
call PATCH "/apis/networking.k8s.io/v1/namespaces/$namespace/ingresses/intelgraph-maestro-ingress" \
  application/merge-patch+json \
  "{\"metadata\":{\"annotations\":{\"alb.ingress.kubernetes.io/actions.weighted-routing\":\"$action\"}}}" > /dev/null
# a JSON patch (RFC 6902) of the two backends' weights, each guarded by a test of its name
call PATCH "/apis/gateway.networking.k8s.io/v1/namespaces/$namespace/httproutes/intelgraph-api" \
  application/json-patch+json \
  "$(printf '[{"op":"test","path":"/spec/rules/0/backendRefs/0/name","value":"intelgraph-api"},{"op":"replace","path":"/spec/rules/0/backendRefs/0/weight","value":%d},{"op":"test","path":"/spec/rules/0/backendRefs/1/name","value":"intelgraph-api-canary"},{"op":"replace","path":"/spec/rules/0/backendRefs/1/weight","value":%d}]' "$stable" "$canary")" > /dev/null
echo "routing rendered: intelgraph-api $stable, intelgraph-api-canary $canary"

# the release's next revision, after the highest recorded one
records=$(curl --silent --show-error --fail-with-body --max-time 10 -H "$auth" \
  "$api/api/v1/namespaces/$namespace/secrets?labelSelector=owner%3Dhelm%2Cname%3D$release")
current=$(printf '%s' "$records" | tr -d ' \n' | grep -o '"version":"[0-9]*"' | grep -o '[0-9][0-9]*' | sort -n | tail -1)
revision=$(( ${current:-0} + 1 ))
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
json=$(printf '{"name":"%s","namespace":"%s","version":%d,"info":{"first_deployed":"%s","last_deployed":"%s","description":"Upgrade complete","status":"deployed"},"chart":{"metadata":{"name":"intelgraph","appVersion":"%s"}},"config":{"ingress":{"traffic":{"canary":{"enabled":%s}}}}}' \
  "$release" "$namespace" "$revision" "$now" "$now" "${CUTOVER_RELEASE_TAG:-}" "$enabled")
encoded=$(printf '%s' "$json" | gzip -9 -n | base64 | tr -d '\n' | base64 | tr -d '\n')
call POST "/api/v1/namespaces/$namespace/secrets" application/json \
  "$(printf '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"sh.helm.release.v1.%s.v%d","namespace":"%s","labels":{"owner":"helm","name":"%s","version":"%d","status":"deployed"}},"type":"helm.sh/release.v1","data":{"release":"%s"}}' \
    "$release" "$revision" "$namespace" "$release" "$revision" "$encoded")" > /dev/null
echo "Release \"$release\" has been upgraded. Happy Helming!"
echo "REVISION: $revision STATUS: deployed ingress.traffic.canary.enabled=$enabled"
