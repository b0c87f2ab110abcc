# taskbox: one self-contained binary (API + SQLite + embedded web UI).
#
#   make run     install what is missing, build, start on http://127.0.0.1:8080
#   make test    install what is missing, build, run every test (unit, HTTP, browser,
#                PostgreSQL backend)
#   make build   build build/taskbox (Release, web UI embedded)
#   make bench   measure against the FastAPI peer and nginx (../shared/bench); writes the
#                README table (BENCH_ARGS="--rounds 1 --duration 5" for a quick look)
#   make bench-postgres  the same binary on SQLite and on a local PostgreSQL, alternating
#   make release dist/: the .deb, a tarball and SHA256SUMS
#   make release-check  the tarball's binary alone in a minimal Debian 12 root (chroot):
#                register, create a task, read it back (needs root or sudo)
#   make sanitize  unit + integration tests under ASan and UBSan (build-asan/)
#   make tsan      unit + integration tests under TSan (build-tsan/)
#   make fuzz    build the libFuzzer targets (clang 16) and run each for FUZZ_SECONDS
#   make ci      what CI runs: make test, release-check, sanitize, tsan and fuzz, each timed
#
# Variables: PORT=8080 HOST=127.0.0.1 DATA_DIR=./taskbox-data JOBS=<cores> FUZZ_SECONDS=60

PORT     ?= 8080
HOST     ?= 127.0.0.1
DATA_DIR ?= ./taskbox-data
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
BUILD    := build

.PHONY: run test build deps deps-test configure bench bench-postgres release release-check sanitize tsan fuzz ci clean

run: deps build
	./$(BUILD)/taskbox serve --host $(HOST) --port $(PORT) --data-dir $(DATA_DIR)

test: deps-test configure
	cmake --build $(BUILD) --parallel $(JOBS)
	cd $(BUILD) && ctest --parallel $(JOBS) --output-on-failure --timeout 300

build: configure
	cmake --build $(BUILD) --parallel $(JOBS) --target taskbox

deps:
	@./packaging/install-deps.sh

deps-test:
	@./packaging/install-deps.sh --e2e --postgres

# Configured again when the presets changed since (a new cache variable reaches build/).
configure:
	@if [ ! -f $(BUILD)/build.ninja ] || [ CMakePresets.json -nt $(BUILD)/build.ninja ]; then \
	  cmake --preset release; fi

bench: build
	./packaging/bench.sh --readme $(BENCH_ARGS)

# The same binary on SQLite and on a local PostgreSQL 15 (fsync on), alternating.
# Like the sanitizer and fuzz builds, build-pg links Debian's shared libpq, so none of
# them waits for the libpq built for the static release (--no-static-libpq).
bench-postgres:
	@./packaging/install-deps.sh --postgres --no-static-libpq
	cmake -S . -B build-pg -G Ninja -DCMAKE_BUILD_TYPE=Release -DTASKBOX_UI=OFF -DTASKBOX_POSTGRES=ON -DTASKBOX_BENCHMARKS=OFF
	cmake --build build-pg --parallel $(JOBS) --target taskbox
	./packaging/bench_postgres.sh $(BENCH_ARGS)

release: deps build
	./packaging/release.sh --binary $(BUILD)/taskbox --out dist

# Packs the binary `make test` built and tested; the Debian root is cached (see the script).
release-check: release
	@./packaging/install-deps.sh --no-ui --release-check
	./packaging/release-check.sh \
	  dist/taskbox-$$(./$(BUILD)/taskbox --version | sed 's/^taskbox //')-linux-$$(dpkg --print-architecture).tar.gz

# Sanitizer settings for the tests and, passed through by the integration harness, for
# every server they start: the first report stops the process and fails its test.
ASAN_SETTINGS  := detect_leaks=1:halt_on_error=1:check_initialization_order=1:detect_stack_use_after_return=1
UBSAN_SETTINGS := print_stacktrace=1:halt_on_error=1
TSAN_SETTINGS  := halt_on_error=1:second_deadlock_stack=1

# ASan + UBSan build of everything but the UI, and its tests.
sanitize:
	@./packaging/install-deps.sh --no-static-libpq
	cmake --preset asan
	cmake --build build-asan --parallel $(JOBS)
	cd build-asan && ASAN_OPTIONS=$(ASAN_SETTINGS) UBSAN_OPTIONS=$(UBSAN_SETTINGS) \
	  ctest --parallel $(JOBS) --output-on-failure --timeout 600

# TSan build of everything but the UI, and its tests.
tsan:
	@./packaging/install-deps.sh --no-static-libpq
	cmake --preset tsan
	cmake --build build-tsan --parallel $(JOBS)
	cd build-tsan && TSAN_OPTIONS=$(TSAN_SETTINGS) ctest --parallel $(JOBS) --output-on-failure --timeout 600

# Every suite, one after the other, with the wall time of each part at the end.
# CI_PARTS picks the parts (.ci/run runs `make test` itself, then the rest).
CI_PARTS ?= test release-check sanitize tsan fuzz
ci:
	@set -e; times=""; for part in $(CI_PARTS); do \
	  start=$$(date +%s); \
	  $(MAKE) --no-print-directory $$part; \
	  times="$$times\nci: make $$part took $$(( $$(date +%s) - start )) s"; \
	done; printf "$$times\n"

# libFuzzer targets (tests/fuzz), two at a time; new corpus entries stay in build-fuzz/.
fuzz:
	@./packaging/install-deps.sh --no-ui --no-static-libpq --fuzz
	cmake --preset fuzz
	cmake --build build-fuzz --parallel $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=2 ./tests/fuzz/run_all.sh build-fuzz

clean:
	rm -rf $(BUILD) build-dev build-asan build-tsan build-fuzz
