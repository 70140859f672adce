# casmap: build, run and test. "make run" and "make test" set up a fresh
# Debian or Ubuntu machine first (see .ci/setup.sh).

VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILD   := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
LDFLAGS := -s -w -X main.version=$(VERSION) -X main.build=$(BUILD)
TAGS    := migrated_fynedo
BIN     := bin/casmap
GO      ?= go
# Tests run in a fixed locale, so that dates and messages read the same everywhere.
TESTENV := LANG=en_US.UTF-8 LC_ALL=

.PHONY: all setup setup-run build run test vet unit window-test bench fuzz borders clean

all: build

## setup: install the system packages and Go modules that building and testing need
setup:
	@sh .ci/setup.sh
	@$(GO) mod download

setup-run:
	@sh .ci/setup.sh --run-only
	@$(GO) mod download

## build: compile bin/casmap
build:
	$(GO) build -trimpath -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

## run: set up, build and open the app on its embedded dataset
run: setup-run build
	./$(BIN)

## test: set up, then vet, run every test, and the real-window test under Xvfb
test: setup vet unit build window-test

vet:
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || { echo "gofmt: the files above need formatting" >&2; exit 1; }
	$(GO) vet -tags $(TAGS) ./...

unit:
	$(TESTENV) $(GO) test -tags $(TAGS) -count=1 ./...

window-test: build
	$(TESTENV) bash .ci/window-test.sh $(BIN)

## bench: the performance budgets
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

## fuzz: fuzz the dataset loader for a minute
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzLoad -fuzztime=60s ./data

## borders: regenerate assets/borders.geojson from world-atlas (needs npm)
borders:
	$(GO) generate ./assets

clean:
	rm -rf bin dist
