# sysray's container image, built from this repository:
#   docker build -t sysray .
#
# Node 20 comes from the official node:20 images (Debian bookworm based):
# bookworm's own nodejs package is Node 18, and sysray needs 20.
#
# The kernel programs are compiled against bpf/vmlinux.h, which `make` dumps
# from the build machine's /sys/kernel/btf/vmlinux unless the build context
# already holds one. CO-RE relocates the programs to the kernel they load on,
# so the image runs on other kernels with BTF too.

FROM node:20-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev make gcc libc6-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY Makefile tsconfig.json ./
COPY bpf ./bpf
COPY native ./native
COPY src ./src
COPY bin ./bin
COPY docs ./docs
# node's headers are under /usr/local in the node images (the Makefile's default is Debian's /usr/include/node)
RUN make -s all NODE_INCLUDE=/usr/local/include/node \
 && npm run -s build:cli \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# what build/sysray.node links: libbpf.so.1, libelf.so.1, libz.so.1
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libbpf1 libelf1 zlib1g \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/sysray
# package.json: "type": "module" makes node load dist/ as ES modules
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist ./dist
# the addon embeds the kernel programs (bpftool's skeleton); nothing else from build/ is loaded
COPY --from=build /src/build/sysray.node ./build/sysray.node
# `sysray man EVENT` reads these
COPY --from=build /src/docs/events ./docs/events
ENTRYPOINT ["/opt/sysray/bin/sysray"]
