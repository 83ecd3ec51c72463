# Every agent image (chat, rag, npu, research, knowledge): one Dockerfile, driven by the agent matrix
# in bake.hcl. Each agent's build context is its own folder (images/<agent>/: requirements.txt, the
# agent package, its smoke.yaml); bake passes the agent's name and port, and its labels.
# FROM the base by its real reference; bake maps that reference to target:python-agent-base,
# and a standalone build pulls the published base instead:
#   docker build -f images/agent.Dockerfile --build-arg AGENT_NAME=chat --build-arg AGENT_PORT=8001 images/chat
ARG BASE_IMAGE=ghcr.io/acme/python-agent-base:dev
FROM ${BASE_IMAGE}
ARG AGENT_NAME
ARG AGENT_PORT
USER root
COPY requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,id=agent-pip,target=/root/.cache/pip \
    if [ -z "${AGENT_NAME}" ] || [ -z "${AGENT_PORT}" ]; then \
      echo "AGENT_NAME and AGENT_PORT are not set: build through bake (docker buildx bake -f bake.hcl chat-agent)" >&2; exit 1; \
    fi \
    && pip install --no-compile -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt
COPY agent /app/agent
ENV AGENT_NAME=${AGENT_NAME} \
    PORT=${AGENT_PORT}
EXPOSE ${AGENT_PORT}
USER agent
