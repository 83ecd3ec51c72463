# Bake definition for every image in the monorepo.
# `docker buildx bake --print` resolves it without an engine.
#
# buildx 0.13 (the version here) has no `type =` or `validation {}` blocks on variables
# (they arrived in 0.17/0.18). So: a variable's type follows its default (a bool or number
# default makes bake parse the env value as that type), and `must_match` below validates
# values: a bad value fails --print with "validation failed: NAME=... must match ...".
#
# No cache, output or push settings here: the build orchestrator adds them, plus its
# computed tags and labels and the mirror `contexts`, in a generated override file.

variable "REGISTRY" {
  default = "ghcr.io/acme"
}
variable "VERSION" {
  default = "dev"
}
variable "GIT_COMMIT" {
  default = "unknown"
}
variable "BUILD_DATE" {
  default = "unknown"
}
variable "PYTHON_BASE_IMAGE" {
  default = "python:3.12-slim-bookworm"
}
variable "NODE_ALPINE_IMAGE" {
  default = "node:20-alpine"
}
variable "NODE_DEBIAN_IMAGE" {
  default = "node:20-bookworm-slim"
}
# Comma-separated; empty means the engine's own platform.
variable "PLATFORMS" {
  default = ""
}
# The org.opencontainers.image.source label of every image.
variable "SOURCE_URL" {
  default = "https://github.com/acme/agent-images"
}

# Fails the whole definition with a readable message when value does not match pattern.
# (parseint of a sentence is the one way to raise an error with our text in bake 0.13.)
function "must_match" {
  params = [name, value, pattern]
  result = length(regexall("^(?:${pattern})$", value)) > 0 ? value : parseint("validation failed: ${name}=\"${value}\" must match ${pattern}", 10)
}

function "image_ref" {
  params = [value]
  result = must_match("image reference", value, "[a-z0-9][a-z0-9._/:-]*(@sha256:[a-f0-9]{64})?")
}

# <registry>/<name>:<version>, both parts validated.
function "image" {
  params = [name]
  result = "${must_match("REGISTRY", REGISTRY, "[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)*")}/${name}:${must_match("VERSION", VERSION, "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")}"
}

function "platform_list" {
  params = [value]
  result = value == "" ? [] : split(",", must_match("PLATFORMS", value, "[a-z0-9]+/[a-z0-9]+(/v[0-9])?(,[a-z0-9]+/[a-z0-9]+(/v[0-9])?)*"))
}

# Inherited by every image. The labels every image carries, declared here once (the Dockerfiles
# have no LABEL lines): what the image is (title and description, on each target below), who
# makes it (vendor, licenses, source), and which build it is (version, revision, created), which
# `pnpm build:images` and docker/metadata-action bake files replace with values from git.
target "_common" {
  labels = {
    "org.opencontainers.image.version"  = VERSION
    "org.opencontainers.image.revision" = must_match("GIT_COMMIT", GIT_COMMIT, "unknown|[a-f0-9]{7,40}")
    "org.opencontainers.image.created"  = BUILD_DATE
    "org.opencontainers.image.source"   = SOURCE_URL
    "org.opencontainers.image.vendor"   = "acme"
    "org.opencontainers.image.licenses" = "MIT"
  }
  platforms = platform_list(PLATFORMS)
}

# docker/metadata-action's convention: every image inherits this target last, and a bake file
# from the action or from `pnpm images tags` defines it with tags, labels and args. Empty here, so
# without such a file nothing changes; with one, its tags and build labels win in either -f order.
target "docker-metadata-action" {}

# Each image's default tag, <REGISTRY>/<name>:<VERSION>: every image's name is listed here. Inherited
# before docker-metadata-action (a target's own `tags` would beat any inherited ones, a metadata bake
# file's included).
target "_tags" {
  name   = "_tags-${name}"
  matrix = {
    name = ["python-agent-base", "chat-agent", "rag-agent", "npu-agent", "research-agent", "knowledge-agent", "api", "api-debian"]
  }
  tags = [image(name)]
}

group "default" {
  # Listed flat (not through the agents group) so readers of --print see every target.
  targets = ["python-agent-base", "chat-agent", "rag-agent", "npu-agent", "research-agent", "knowledge-agent", "api", "api-debian"]
}

group "agents" {
  targets = ["chat-agent", "rag-agent", "npu-agent", "research-agent", "knowledge-agent"]
}

# AGENT_EXTRAS is left to the Dockerfile's default ("ai web"), so `docker build base` gives the same base.
target "python-agent-base" {
  inherits   = ["_common", "_tags-python-agent-base", "docker-metadata-action"]
  context    = "base"
  dockerfile = "Dockerfile"
  args = {
    PYTHON_BASE_IMAGE = image_ref(PYTHON_BASE_IMAGE)
  }
  labels = {
    "org.opencontainers.image.title"       = "python-agent-base"
    "org.opencontainers.image.description" = "Python agent base: venv, tini, non-root agent user, entrypoint"
  }
}

# The five agents: one Dockerfile (images/agent.Dockerfile), one target each (chat-agent, …), each
# built from its own folder (its requirements, program and smoke spec). Each FROMs the base by its
# real image reference (BASE_IMAGE); the contexts entry under that same key builds the base here
# first instead of pulling it.
target "agent" {
  name = "${agent.name}-agent"
  matrix = {
    agent = [
      { name = "chat", port = "8001", about = "counts and explains tokens for chat models (tiktoken, transformers)" },
      { name = "rag", port = "8002", about = "retrieval: a persistent vector store (chromadb, sentence-transformers)" },
      { name = "npu", port = "8003", about = "inference on CPU/NPU devices (openvino, torch CPU wheels)" },
      { name = "research", port = "8004", about = "web research: extracts titles and links from pages (beautifulsoup4, selenium)" },
      { name = "knowledge", port = "8005", about = "notes store with full-text search (sqlalchemy, whoosh)" },
    ]
  }
  inherits   = ["_common", "_tags-${agent.name}-agent", "docker-metadata-action"]
  context    = "images/${agent.name}"
  dockerfile = "../agent.Dockerfile"
  args = {
    BASE_IMAGE = image("python-agent-base")
    AGENT_NAME = agent.name
    AGENT_PORT = agent.port
  }
  contexts = {
    (image("python-agent-base")) = "target:python-agent-base"
  }
  labels = {
    "org.opencontainers.image.title"       = "${agent.name}-agent"
    "org.opencontainers.image.description" = "The ${agent.name} agent: ${agent.about}"
  }
}

# Both API flavors build stage `runtime` of one Dockerfile; RUNTIME_OS picks the OS layer under it.
target "_api" {
  inherits   = ["_common"]
  context    = "images/api"
  dockerfile = "Dockerfile"
  target     = "runtime"
  args = {
    NODE_ALPINE_IMAGE = image_ref(NODE_ALPINE_IMAGE)
    NODE_DEBIAN_IMAGE = image_ref(NODE_DEBIAN_IMAGE)
  }
}

target "api" {
  inherits = ["_api", "_tags-api", "docker-metadata-action"]
  args = {
    RUNTIME_OS = "os-alpine"
  }
  labels = {
    "org.opencontainers.image.title"       = "api"
    "org.opencontainers.image.description" = "Production API: health, tool versions, headless Chromium rendering (Alpine)"
  }
}

target "api-debian" {
  inherits = ["_api", "_tags-api-debian", "docker-metadata-action"]
  args = {
    RUNTIME_OS = "os-debian"
  }
  labels = {
    "org.opencontainers.image.title"       = "api-debian"
    "org.opencontainers.image.description" = "Production API: health, tool versions, headless Chromium rendering (Debian)"
  }
}
