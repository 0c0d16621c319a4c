# SkillHub — the two commands are `make run` and `make test`.

DATA_DIR   ?= .skillhub
PG_PORT    ?= 15432
REDIS_PORT ?= 16379
APP_PORT   ?= 8000
LLM_PORT   ?= 18090

export APP_PORT
export DATABASE_URL ?= postgresql://skillhub:skillhub@127.0.0.1:$(PG_PORT)/skillhub
export REDIS_URL    ?= redis://127.0.0.1:$(REDIS_PORT)/0
# The default chat model: the private stack's llama-server (scripts/stack.sh llm-start).
export LLM_LOCAL_BASE_URL ?= http://127.0.0.1:$(LLM_PORT)/v1

BIN_DIR  = $(shell swift build --show-bin-path 2>/dev/null)
SKILLHUB = $(BIN_DIR)/skillhub

# The plugins `make run` loads: built by `swift build` beside the binary
# (the test plugins there are left out by naming the real ones).
export SKILLHUB_PLUGINS ?= echo,echo-c,rerank,ocr,search,chat,memory

.PHONY: run test bench build migrate stop deps stack status config llm-install deploy-check contract fuzz

## run: install what is missing, start the private PostgreSQL and Redis, migrate, build and serve.
## The local chat model installs in the background beside the Swift build (the first time llama-server
## compiles, ~12-20 min on 2 cores); serving waits for it, and goes on without it if it cannot start.
run: deps llm-install stack build
	scripts/stack.sh llm-start $(DATA_DIR) $(LLM_PORT) \
		|| echo "[make] the local chat model is not running: chat answers 503 until it is (scripts/stack.sh llm-start $(DATA_DIR) $(LLM_PORT))" >&2
	$(SKILLHUB) migrate
	SKILLHUB_PLUGINS_DIR="$${SKILLHUB_PLUGINS_DIR:-$(BIN_DIR)}" \
	SKILLHUB_ROOT_API_KEY="$${SKILLHUB_ROOT_API_KEY:-$$(cat $(DATA_DIR)/root-api-key)}" exec $(SKILLHUB) serve

## test: the same on a throw-away stack, then the whole test suite, then teardown.
test: deps
	scripts/test.sh

## contract: schemathesis against docs/openapi.yaml and a server on a throw-away stack, every documented operation with
## CONTRACT_EXAMPLES (100) examples each, positive and negative data, stateful links; fails on any 5xx, undocumented
## status or answer off its schema (~10 min on 2 cores; `make test` runs a short pass).
contract: deps
	CONTRACT_EXAMPLES=$${CONTRACT_EXAMPLES:-100} CONTRACT_PLUGINS=$${CONTRACT_PLUGINS:-echo,rerank,ocr,search,memory,chat} scripts/contract.sh

## fuzz: the libFuzzer targets in Tests/Fuzz (JSON, JSON Schema, RESP, plugin frames, SQL splitter, endpoint
## responses, .env, URLs, chunker), built with AddressSanitizer in .build-fuzz, FUZZ_SECONDS (60) each on their
## committed corpora; prints executions and crashes, fails on a crash (~10 min; `make test` runs 5 s each).
fuzz:
	scripts/fuzz.sh

## deploy-check: static checks of deploy/ with no container engine or cluster: kustomize renders, schema
## validation, checkov, hadolint, yamllint, docker-compose config, nginx -t, systemd-analyze (~15 s; ~1 min the
## first time, installing its tools). `make test` runs it first.
deploy-check:
	scripts/deploy-check.sh

## cluster: three `skillhub serve` (a debug build) on 127.0.0.1:18471-18473 over one private PostgreSQL (15470)
## and Redis (16470) under .skillhub-cluster, shared root key and JWT secret, nginx in front on 127.0.0.1:18470
## (WebSocket upgrade included); left running (scripts/cluster.sh: CLUSTER_INSTANCES, CLUSTER_PORT, CLUSTER_PLUGINS…).
## cluster-status shows it, cluster-stop stops it; cluster-check runs the cluster check of `make test` alone (~35 s).
.PHONY: cluster cluster-stop cluster-status cluster-check
cluster: deps
	scripts/cluster.sh start

cluster-stop:
	scripts/cluster.sh stop

cluster-status:
	scripts/cluster.sh status

cluster-check: deps
	scripts/cluster.sh check

## bench: a release build on a throw-away stack, driven by wrk; prints the registry, dispatch, proxy, rerank and OCR figures.
bench: deps
	scripts/bench.sh

.PHONY: faults soak

## faults: fault injection under load, real processes killed and restarted (scripts/faults): Redis SIGKILLed for 10 s,
## PostgreSQL stopped for 10 s, one of two instances behind nginx SIGKILLed, SkillHub SIGKILLed during writes, an
## isolated plugin crashing, a black-holed, resetting and trickling remote endpoint; prints a table, fails on a missed
## target (~4 min after the debug build; FAULTS_SCENARIOS picks some).
faults: deps
	scripts/faults/faults.sh

## soak: SOAK_MINUTES (10) of steady mixed traffic against a release build; samples RSS, open fds, PostgreSQL and
## Redis connections every 10 s; fails on growth without bound (least-squares slope), any 5xx or a p99 drift over 20 %.
soak: deps
	scripts/soak/soak.sh

## build: compile SkillHub (debug).
build: deps
	swift build

## migrate: apply pending migrations to the private database.
migrate: stack build
	$(SKILLHUB) migrate

## status: the state of every migration.
status: stack build
	$(SKILLHUB) migrate status

## config: print the effective configuration, secrets masked.
config: build
	$(SKILLHUB) config check

## stop: stop the private PostgreSQL, Redis and llama-server (data is kept).
stop:
	scripts/stack.sh stop $(DATA_DIR)

deps:
	scripts/stack.sh install

stack: deps
	scripts/stack.sh start $(DATA_DIR) $(PG_PORT) $(REDIS_PORT)

# The local chat model and llama-server, installed in the background (a no-op once installed).
llm-install:
	scripts/stack.sh llm-install --background
