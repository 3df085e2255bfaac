# Thin wrapper over CMake so a fresh Debian 12 needs one command.
#   make run    install missing packages, build, talk to the demo journey
#   make test   install missing packages, build with ASan + UBSan, run the whole suite
#   make bench  release build, benchmarks side by side with the reference runner
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
DEMO    ?= flows/clinic_registration/clinic_registration.json
# The demo contact, as a WhatsApp profile would give it (journeys greet @contact.name).
DEMO_CONTACT ?= {"name": "Sipho", "phone": "27820001001", "language": "eng"}
CMAKE_Q  = cmake -S . -Wno-dev
SHELL   := /bin/bash
MAKEFLAGS += --no-print-directory

.PHONY: all deps build run test bench release fuzz install clean

all: build

deps:
	@.ci/deps

build: deps
	@$(CMAKE_Q) -B build -DCMAKE_BUILD_TYPE=Debug -DFLOIP_SANITIZE=ON >/dev/null
	@cmake --build build -j$(JOBS)

run: build
	./build/floip chat $(DEMO) --contact '$(DEMO_CONTACT)'

# ctest's own summary ("100% tests passed, 0 tests failed out of N") is repeated as the last line.
test: build
	@cd build && set -o pipefail && ctest --output-on-failure -j$(JOBS) 2>&1 | tee ctest.log; \
	status=$$?; grep -E 'tests passed|tests failed' ctest.log | tail -n 1; exit $$status

release: deps
	@$(CMAKE_Q) -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-release -j$(JOBS)

bench: release
	@.ci/deps --bench
	@tests/bench/run-all.sh build-release

fuzz:
	@.ci/deps --fuzz
	@CC=clang $(CMAKE_Q) -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DFLOIP_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j$(JOBS)
	@tests/fuzz/run.sh build-fuzz $${FUZZ_SECONDS:-60}

install: release
	cmake --install build-release

clean:
	rm -rf build build-release build-fuzz
