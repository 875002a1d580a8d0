# Thin wrapper around CMake.  The two commands a newcomer needs:
#   make demo    install what is missing, build, load the example SWV, serve on :8080
#   make check   install what is missing, build, run every test (also on PostgreSQL)
BUILD   ?= build
ASAN    ?= build-asan
PORT    ?= 8080
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
ifdef CI
CMAKE_FLAGS += -DPASSEND_WERROR=ON
endif

.PHONY: all deps deps-test build demo demo-db check check-pg test unit asan node-tests browser-tests eval bench fuzz fuzz-short loadtest clean format

all: build

deps:
	@scripts/deps.sh

deps-test:
	@scripts/deps.sh test

build:
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo-db: build
	@rm -f demo.db demo.db-wal demo.db-shm
	@$(BUILD)/passend --db demo.db init
	@$(BUILD)/passend --db demo.db load data/example/*.json
	@$(BUILD)/passend --db demo.db demo-users

demo: deps
	@$(MAKE) --no-print-directory demo-db
	@echo "passend: serving the example SWV on http://127.0.0.1:$(PORT)"
	@$(BUILD)/passend --db demo.db serve --port $(PORT)

unit: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan:
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DPASSEND_SANITIZE=ON $(if $(CI),-DPASSEND_WERROR=ON) >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	@cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -L 'unit|http|cli'

# The unit, http and cli tests again on a throwaway PostgreSQL cluster
# (unix socket only; scripts/pg-test.sh starts and always stops it).
check-pg: build
	@BUILD=$(BUILD) scripts/pg-test.sh

node-tests: build
	@tests/node/run.sh $(BUILD)/passend

check: deps-test
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory node-tests
	@$(MAKE) --no-print-directory asan
	@$(MAKE) --no-print-directory check-pg
	@$(MAKE) --no-print-directory fuzz-short
	@echo "passend: all checks passed"

eval: build
	@$(BUILD)/passend test-eval tests/eval

bench: build
	@scripts/deps.sh bench
	@scripts/bench.sh $(BUILD)/passend

fuzz:
	@scripts/fuzz.sh long

# About 2 minutes (every fuzz target ~20 s, plus the clang build).
fuzz-short:
	@scripts/fuzz.sh short

loadtest: build
	@scripts/deps.sh bench
	@scripts/loadtest.sh $(BUILD)/passend

format:
	@clang-format -i src/*/*.c src/*/*.h tests/unit/*.c

clean:
	rm -rf $(BUILD) $(ASAN) build-fuzz demo.db demo.db-wal demo.db-shm
