# Bake definition for every image in the monorepo.
# `docker buildx bake --print` resolves it without an engine.
#
# buildx 0.13 (the version here) has no `type =` or `validation {}` blocks on variables
# (they arrived in 0.17/0.18). So: a variable's type follows its default (a bool or number
# default makes bake parse the env value as that type), and `must_match` below validates
# values: a bad value fails --print with "validation failed: NAME=... must match ...".
#
# No cache, output or push settings here: the build orchestrator adds them, plus its
# computed tags and the mirror `contexts`, in a generated override file.

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
# Overrides the source label the Dockerfiles set (they cannot use an ARG there: DL3052).
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

# Inherited by every target: OCI labels and the build args the Dockerfiles turn into labels.
target "_common" {
  args = {
    VERSION    = VERSION
    GIT_COMMIT = must_match("GIT_COMMIT", GIT_COMMIT, "unknown|[a-f0-9]{7,40}")
    BUILD_DATE = BUILD_DATE
  }
  labels = {
    "org.opencontainers.image.version"  = VERSION
    "org.opencontainers.image.revision" = GIT_COMMIT
    "org.opencontainers.image.created"  = BUILD_DATE
    "org.opencontainers.image.source"   = SOURCE_URL
    "org.opencontainers.image.vendor"   = "acme"
    "org.opencontainers.image.licenses" = "MIT"
  }
  platforms = platform_list(PLATFORMS)
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
  inherits   = ["_common"]
  context    = "base"
  dockerfile = "Dockerfile"
  args = {
    PYTHON_BASE_IMAGE = image_ref(PYTHON_BASE_IMAGE)
  }
  labels = {
    "org.opencontainers.image.title"       = "python-agent-base"
    "org.opencontainers.image.description" = "Python agent base: venv, tini, non-root agent user, entrypoint"
  }
  tags = [image("python-agent-base")]
}

# One target per agent. Each FROMs the base by its real image reference (BASE_IMAGE);
# the contexts entry under that same key builds the base here first instead of pulling it.
target "agent" {
  name       = "${agent}-agent"
  inherits   = ["_common"]
  matrix = {
    agent = ["chat", "rag", "npu", "research", "knowledge"]
  }
  context    = "images/${agent}"
  dockerfile = "Dockerfile"
  args = {
    BASE_IMAGE = image("python-agent-base")
  }
  contexts = {
    (image("python-agent-base")) = "target:python-agent-base"
  }
  labels = {
    "org.opencontainers.image.title"       = "${agent}-agent"
    "org.opencontainers.image.description" = "The ${agent} agent on the Python agent base"
  }
  tags = [image("${agent}-agent")]
}

# Both API flavors build from one Dockerfile; only the final stage differs.
target "_api" {
  inherits   = ["_common"]
  context    = "images/api"
  dockerfile = "Dockerfile"
  args = {
    NODE_ALPINE_IMAGE = image_ref(NODE_ALPINE_IMAGE)
    NODE_DEBIAN_IMAGE = image_ref(NODE_DEBIAN_IMAGE)
  }
  labels = {
    "org.opencontainers.image.title"       = "api"
    "org.opencontainers.image.description" = "Production API: health, tool versions, headless Chromium rendering"
  }
}

target "api" {
  inherits = ["_api"]
  target   = "runtime"
  tags     = [image("api")]
}

target "api-debian" {
  inherits = ["_api"]
  target   = "runtime-debian"
  tags     = [image("api-debian")]
}
