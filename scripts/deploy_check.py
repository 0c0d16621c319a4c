#!/usr/bin/env python3
"""The project's own rules for deploy/ (scripts/deploy-check.sh runs this after the generic tools).

    deploy_check.py RENDERED_BASE.yaml RENDERED_PRODUCTION.yaml

- every environment variable the server and the plugins read is listed in deploy/compose/.env.example,
  and every key that a manifest, the compose file or an env example sets is one SkillHub reads;
- the rendered manifests hold the kinds, probes, resources, scrape annotations and selectors asked for;
- compose.yaml has its services, health checks and the migrate-first order; nginx.conf upgrades /ws/;
- the Dockerfile copies every built-in plugin of Package.swift, and .dockerignore keeps what it copies.
Prints one line per problem and exits 1 when there is any.
"""
import glob
import re
import sys

import yaml

problems = []


def problem(text):
    problems.append(text)


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# ---- variables ------------------------------------------------------------------------------------

# Read by the command-line agent (docs/agent.md), not by the server: not in the server's .env.example.
AGENT_ONLY = {"SKILLHUB_API_KEY"}
# Variables of the compose file itself (interpolation), of the postgres image, of compose.
COMPOSE_ONLY = {"COMPOSE_PROJECT_NAME", "SKILLHUB_HTTP_PORT", "SKILLHUB_IMAGE", "SKILLHUB_LLM_IMAGE",
                "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}


def variables_read_by_code():
    names = set()
    reader_call = re.compile(r'reader\.\w+\(\s*"([A-Z][A-Z0-9_]*)"')
    environment_lookup = re.compile(r'environment\[\s*"([A-Z][A-Z0-9_]*)"\s*\]')
    helper_call = re.compile(r'\(\s*"([A-Z][A-Z0-9_]*)",\s*reader:')
    alias_entry = re.compile(r'alias:\s*"([A-Z][A-Z0-9_]*)"')
    for path in glob.glob("Sources/**/*.swift", recursive=True):
        text = read(path)
        for pattern in (reader_call, environment_lookup, helper_call, alias_entry):
            names.update(pattern.findall(text))
    # The plugins' default_config keys with an underscore, in capitals (the host overlays them).
    block = re.compile(r'(?:defaultConfig:|let defaults\b[^=]*=)\s*\[(.*?)\n\s*\]', re.S)
    key = re.compile(r'"([a-z][a-z0-9]*_[a-z0-9_]*)"\s*:')
    for path in glob.glob("Plugins/**/*.swift", recursive=True):
        for body in block.findall(read(path)):
            names.update(name.upper() for name in key.findall(body))
    return {name for name in names if not name.endswith("_")}


def variables_listed(path):
    return set(re.findall(r'^#?([A-Z][A-Z0-9_]*)=', read(path), re.M))


code_variables = variables_read_by_code()
if len(code_variables) < 50:
    problem(f"found only {len(code_variables)} variables in Sources/ and Plugins/: the patterns no longer match the code")
env_example = "deploy/compose/.env.example"
listed = variables_listed(env_example)
for name in sorted(code_variables - listed - AGENT_ONLY):
    problem(f"{env_example}: {name} is read by the code but not listed (add it with its meaning and default)")
known = code_variables | COMPOSE_ONLY
# Names built at run time (numbered models, per-task and per-plugin prefixes).
dynamic = re.compile(r'^(MODEL_[A-Z_]+_\d+|([A-Z0-9]+_)?BUILTIN_CM_[A-Z0-9_]+|SKILLHUB_PLUGIN_[A-Z0-9_]+)$')
for path in (env_example, "deploy/systemd/skillhub.env.example",
             "deploy/kubernetes/overlays/production/secrets.env.example"):
    for name in sorted(variables_listed(path) - known):
        if not dynamic.match(name):
            problem(f"{path}: {name} is not a variable SkillHub reads")


# ---- the rendered manifests ---------------------------------------------------------------------------

def documents(path):
    return [document for document in yaml.safe_load_all(read(path)) if document]


def by_kind(objects, kind):
    return [item for item in objects if item.get("kind") == kind]


def matches(selector, labels):
    return all(labels.get(key) == value for key, value in selector.items())


BASE_KINDS = {"ServiceAccount", "ConfigMap", "Secret", "Service", "Deployment", "PodDisruptionBudget", "Job", "Ingress"}
PRODUCTION_KINDS = BASE_KINDS | {"Namespace", "HorizontalPodAutoscaler", "NetworkPolicy"}


def check_manifests(path, kinds):
    objects = documents(path)
    missing = kinds - {item.get("kind") for item in objects}
    if missing:
        problem(f"{path}: no {', '.join(sorted(missing))}")
    for configmap in by_kind(objects, "ConfigMap") + by_kind(objects, "Secret"):
        for name in sorted(set(configmap.get("data", {})) - known):
            problem(f"{path}: {configmap['kind']} {configmap['metadata']['name']} sets {name}, not a variable SkillHub reads")
    for secret in by_kind(objects, "Secret"):
        for name in ("SKILLHUB_ROOT_API_KEY", "SECURITY_JWT_SECRET"):
            if name not in secret.get("data", {}):
                problem(f"{path}: Secret {secret['metadata']['name']} has no {name}")
    for deployment in by_kind(objects, "Deployment"):
        template = deployment["spec"]["template"]
        labels = template["metadata"].get("labels", {})
        annotations = template["metadata"].get("annotations", {})
        container = template["spec"]["containers"][0]
        name = f"{path}: Deployment {deployment['metadata']['name']}"
        if container.get("args") != ["serve"]:
            problem(f"{name}: the container's args are {container.get('args')}, not [serve] (migrations belong to the Job)")
        if container.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/ready":
            problem(f"{name}: the readiness probe is not GET /ready")
        if container.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/health":
            problem(f"{name}: the liveness probe is not GET /health")
        resources = container.get("resources", {})
        for part in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in resources.get(part, {}):
                    problem(f"{name}: no {part}.{resource}")
        ports = [port.get("containerPort") for port in container.get("ports", [])]
        if annotations.get("prometheus.io/scrape") != "true" or annotations.get("prometheus.io/path") != "/metrics" \
                or int(annotations.get("prometheus.io/port", 0)) not in ports:
            problem(f"{name}: the pod template lacks prometheus.io/scrape, /path /metrics or the container's port")
        if not template["spec"].get("securityContext", {}).get("runAsNonRoot"):
            problem(f"{name}: runAsNonRoot is not set")
        for service in by_kind(objects, "Service"):
            if not matches(service["spec"]["selector"], labels):
                problem(f"{path}: Service {service['metadata']['name']} does not select the Deployment's pods")
        for budget in by_kind(objects, "PodDisruptionBudget"):
            if not matches(budget["spec"]["selector"]["matchLabels"], labels):
                problem(f"{path}: PodDisruptionBudget {budget['metadata']['name']} does not select the Deployment's pods")
        for autoscaler in by_kind(objects, "HorizontalPodAutoscaler"):
            if autoscaler["spec"]["scaleTargetRef"]["name"] != deployment["metadata"]["name"]:
                problem(f"{path}: the HorizontalPodAutoscaler does not target the Deployment")
    for job in by_kind(objects, "Job"):
        container = job["spec"]["template"]["spec"]["containers"][0]
        if container.get("args") != ["migrate"]:
            problem(f"{path}: Job {job['metadata']['name']} does not run `skillhub migrate`")
    for ingress in by_kind(objects, "Ingress"):
        annotations = ingress["metadata"].get("annotations", {})
        if int(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout", "0")) < 3600:
            problem(f"{path}: the Ingress keeps WebSockets (/ws/) open less than an hour (proxy-read-timeout)")


check_manifests(sys.argv[1], BASE_KINDS)
check_manifests(sys.argv[2], PRODUCTION_KINDS)


# ---- compose and nginx ----------------------------------------------------------------------------------

compose = yaml.safe_load(read("deploy/compose/compose.yaml"))
services = compose.get("services", {})
for service in ("postgres", "redis", "migrate", "skillhub-1", "skillhub-2", "llm", "nginx"):
    if service not in services:
        problem(f"compose.yaml: no service {service}")
if services.get("migrate", {}).get("command") != ["migrate"]:
    problem("compose.yaml: the migrate service does not run `skillhub migrate`")
for replica in ("skillhub-1", "skillhub-2"):
    definition = services.get(replica, {})
    if definition.get("depends_on", {}).get("migrate", {}).get("condition") != "service_completed_successfully":
        problem(f"compose.yaml: {replica} does not wait for the migration to finish")
    for name in sorted(set(definition.get("environment", {})) - known):
        problem(f"compose.yaml: {replica} sets {name}, not a variable SkillHub reads")
for service in ("postgres", "redis", "skillhub-1", "skillhub-2", "nginx"):
    if "healthcheck" not in services.get(service, {}):
        problem(f"compose.yaml: {service} has no health check")
if not compose.get("volumes"):
    problem("compose.yaml: no named volumes")
nginx = read("deploy/compose/nginx.conf")
websocket = re.search(r'location /ws/ \{(.*?)\}', nginx, re.S)
if not websocket or "Upgrade" not in websocket.group(1) or "$connection_upgrade" not in websocket.group(1):
    problem("nginx.conf: location /ws/ does not pass the WebSocket upgrade")


# ---- the Dockerfile --------------------------------------------------------------------------------------

dockerfile = read("deploy/docker/Dockerfile")
package = read("Package.swift")
built = set(re.findall(r'\.library\(name: "SkillHubPlugin(\w+)", type: \.dynamic', package))
copied = re.search(r'for plugin in ([\w ]+); do', dockerfile)
copied = set(copied.group(1).split()) if copied else set()
if built != copied:
    problem(f"Dockerfile: copies the plugins {sorted(copied)}, Package.swift builds {sorted(built)}")
ignored = {line.strip().rstrip("/") for line in read(".dockerignore").splitlines()
           if line.strip() and not line.startswith("#")}
for source in re.findall(r'^COPY (?!--from)(\S+)', dockerfile, re.M):
    if source.split("/")[0] in ignored:
        problem(f"Dockerfile: COPY {source}, but .dockerignore leaves it out of the build context")
for rule, pattern in (("a HEALTHCHECK on /health", r'^HEALTHCHECK .*\n?.*/health'),
                      ("a numeric non-root USER in the last stage", r'^USER [1-9]\d*'),
                      ("skillhub as the ENTRYPOINT", r'^ENTRYPOINT \["/usr/local/bin/skillhub"\]')):
    if not re.search(pattern, dockerfile, re.M):
        problem(f"Dockerfile: no {rule}")

for line in problems:
    print(f"[deploy-check] {line}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"[deploy-check] {len(code_variables)} variables read by the code, all in {env_example}; manifests, compose, Dockerfile consistent",
      file=sys.stderr)
