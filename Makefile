# The two commands: `make run` and `make test`. Everything else is a step they share.
BUILD_DIR  ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
# Warnings are errors in CI; locally they are shown but do not stop the build.
WERROR     ?= $(if $(CI),ON,OFF)
LISTEN     ?= 127.0.0.1:8080
# Paths relative to the checkout in ccache's keys: another clone of the same code hits the cache.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= true

.PHONY: all deps configure build run test bench format clean

all: build

deps:
	@bash scripts/install-deps.sh

# CI keeps the optimisation (and so the warnings) of RelWithDebInfo but writes no debug
# information, which is a large part of compiling Beast and Catch2 code on two cores.
CI_FLAGS   := $(if $(CI),-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG",)

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DLOCKSTEP_WERROR=$(WERROR) \
	  $(CI_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	mkdir -p .lockstep
	bash scripts/demo-repo.sh .lockstep/demo-repo
	LOCKSTEP_ALLOW_UNAUTHENTICATED=$${LOCKSTEP_ALLOW_UNAUTHENTICATED:-true} \
	$(BUILD_DIR)/lockstep serve --config config/examples/lockstep.yaml --listen $(LISTEN) \
	  --data-dir .lockstep --pipelines config/examples/pipelines

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

bench: build
	@for b in $(BUILD_DIR)/bench/*; do [ -x "$$b" ] && [ -f "$$b" ] && "$$b"; done; true

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
