# Builds the kernel programs and the native addon. TypeScript is built by tsc (npm run build).
CLANG ?= clang
BPFTOOL ?= $(shell command -v bpftool || echo /usr/sbin/bpftool)
CC ?= cc
ARCH := x86
NODE_INCLUDE ?= /usr/include/node

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Wno-unused-function -Ibpf
ADDON_CFLAGS := -DNODE_GYP_MODULE_NAME=sysray -O2 -g -fPIC -Wall -Wextra -Wno-unused-parameter -std=gnu11 -I$(NODE_INCLUDE) -Ibpf -Ibuild

.PHONY: all clean
all: build/sysray.node

bpf/vmlinux.h:
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

build/sysray.bpf.o: bpf/sysray.bpf.c bpf/vmlinux.h $(filter-out bpf/vmlinux.h,$(wildcard bpf/*.h))
	@mkdir -p build
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

build/sysray.skel.h: build/sysray.bpf.o
	$(BPFTOOL) gen skeleton $< name sysray_bpf > $@.tmp && mv $@.tmp $@

build/sysray.node: native/addon.c native/ring_reader.h native/output_file.c native/output_file.h native/recorder.c native/recorder.h native/record_format.h native/record_json.c native/record_json.h native/json_digits.h build/sysray.skel.h bpf/sysray.h
	$(CC) $(ADDON_CFLAGS) -Inative -shared -o $@ native/addon.c native/output_file.c native/recorder.c native/record_json.c -lbpf -lelf -lz -lpthread

clean:
	rm -rf build bpf/vmlinux.h
