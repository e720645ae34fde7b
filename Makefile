# The two commands of the README, on a fresh Debian 12 machine:
#   make demo   install what is missing, build the dcsim program only, run the main scenario
#               (writes results/mmc*/)
#   make test   install what is missing, build everything, run every test through ctest
# Other targets: make build | make dcsim | make bench | make install PREFIX=/usr/local | make clean
#               make check-sanitize   the whole suite in a Debug build under AddressSanitizer and
#                                     UndefinedBehaviorSanitizer (build-sanitize/; slow)
#               make fuzz             the libFuzzer targets, 30 s each (build-fuzz/; needs clang)
#               make mutation         the mutation check (tools/mutants.txt) on a scratch copy
#                                     (build-mutation/; one build job; long: see docs/mutation.md)
#               make mutation-list    only checks that every mutant's snippet is still found once
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
# Debian 12 packages the build needs (README "Install").
PACKAGES := cmake g++ make libboost-graph-dev libeigen3-dev libfmt-dev libyaml-cpp-dev \
            libbenchmark-dev libgtest-dev libcli11-dev nlohmann-json3-dev

.PHONY: deps configure build dcsim demo test check-sanitize fuzz mutation mutation-list bench install clean

# Installs only what is missing; apt is not touched when everything is present.
# Uses sudo when not root.
deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "== installing:$$missing"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) > /dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The program alone (its CMake target is dcsim_cli): no tests, benchmarks or examples.
dcsim: configure
	@cmake --build $(BUILD) -j $(JOBS) --target dcsim_cli

demo: dcsim
	$(BUILD)/dcsim run scenarios/mmc.yaml

# The fuzz targets run too, briefly, when clang and its libFuzzer are installed (they are not
# among PACKAGES: a machine without clang runs the rest and says the fuzz tests were skipped).
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE fuzz
	@if command -v clang++ > /dev/null && ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a > /dev/null 2>&1; then \
	  $(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS); \
	else echo "== fuzz tests skipped: clang with libFuzzer is not installed (see make fuzz)"; fi

# Any sanitizer report fails its test: DCSIM_SANITIZE adds -fno-sanitize-recover=undefined.
SANITIZE_BUILD ?= build-sanitize
check-sanitize: deps
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Debug -DDCSIM_SANITIZE=ON $(CMAKE_FLAGS) > /dev/null
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && ctest --output-on-failure -j $(JOBS) -LE fuzz

# The fuzz targets only (tests/fuzz/, docs/fuzzing.md), each run for FUZZ_SECONDS.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
# each fuzz target under make test (when clang is there)
TEST_FUZZ_SECONDS ?= 10
fuzz: deps
	@CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDCSIM_FUZZ=ON -DDCSIM_FUZZ_SECONDS=$(FUZZ_SECONDS) \
	  -DDCSIM_BUILD_TESTS=OFF -DDCSIM_BUILD_BENCH=OFF -DDCSIM_BUILD_EXAMPLES=OFF -DDCSIM_INSTALL=OFF > /dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target scenario_fuzz generic_trace_fuzz openb_pods_fuzz openb_nodes_fuzz \
	  azure_llm_fuzz dlrm_fuzz philly_fuzz
	cd $(FUZZ_BUILD) && ctest --output-on-failure -j $(JOBS) -L fuzz

# The mutation check (docs/mutation.md): each mutant of tools/mutants.txt applied alone to a
# scratch copy in build-mutation/, rebuilt incrementally, the unit tests run. Not part of test.
MUTATION_JOBS ?= 1
MUTATION_ARGS ?=
mutation: deps
	python3 tools/mutation.py --jobs $(MUTATION_JOBS) $(MUTATION_ARGS)

mutation-list:
	python3 tools/mutation.py --check-list

bench: build
	@for b in $(BUILD)/bench/*_bench; do echo "== $$b"; $$b; done

install: build
	cmake --install $(BUILD) --prefix $(or $(PREFIX),/usr/local)

clean:
	rm -rf $(BUILD)
