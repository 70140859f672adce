# casmap: build, run, test, package and install. "make run", "make test" and
# "make package" set up a fresh Debian or Ubuntu machine first (see .ci/setup.sh).

VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILD   := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
LDFLAGS := -s -w -X main.version=$(VERSION) -X main.build=$(BUILD)
TAGS    := migrated_fynedo,no_emoji
BIN     := bin/casmap
GO      ?= go
# Tests run in a fixed locale, so that dates and messages read the same everywhere.
TESTENV := LANG=en_US.UTF-8 LC_ALL=
# Packaging: the fyne CLI at a fixed version, installed into bin/tools/ on first use.
FYNE_VERSION := v1.7.4
FYNE    := $(CURDIR)/bin/tools/fyne-$(FYNE_VERSION)/fyne
ARCH     = $(shell $(GO) env GOARCH)
PKGENV   = VERSION=$(VERSION) BUILD=$(BUILD) TAGS=$(TAGS) GO=$(GO) FYNE=$(FYNE) ARCH=$(ARCH)
# Fyne with casmap's patches (third_party/fyne/README.md): .ci/patch-fyne.sh
# copies the module into bin/patched/ and patches it, and every go command
# below builds against that copy through a copy of go.mod.
PATCHED := bin/patched/go.mod
MODFILE := -modfile=$(CURDIR)/$(PATCHED)

.PHONY: all setup setup-run setup-package setup-bench build run test vet unit window-test bench memory fuzz borders clean
.PHONY: tools icons package package-linux package-windows package-macos install uninstall test-package

all: build

## setup: install the system packages and Go modules that building and testing need
setup:
	@sh .ci/setup.sh
	@$(GO) mod download

setup-run:
	@sh .ci/setup.sh --run-only
	@$(GO) mod download

setup-package:
	@sh .ci/setup.sh --package
	@$(GO) mod download

setup-bench:
	@sh .ci/setup.sh --bench
	@$(GO) mod download

$(PATCHED): go.mod go.sum .ci/patch-fyne.sh $(wildcard third_party/fyne/*/*.patch)
	@GO=$(GO) sh .ci/patch-fyne.sh

## build: compile bin/casmap
build: $(PATCHED)
	$(GO) build $(MODFILE) -trimpath -tags $(TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

## run: set up, build and open the app on its embedded dataset
run: setup-run build
	./$(BIN)

## test: set up, then vet, run every test, and the real-window test under Xvfb
test: setup vet unit build window-test

vet: $(PATCHED)
	@test -z "$$(gofmt -l $$($(GO) list -f '{{.Dir}}' ./...) | tee /dev/stderr)" || { echo "gofmt: the files above need formatting" >&2; exit 1; }
	$(GO) vet $(MODFILE) -tags $(TAGS) ./...

unit: $(PATCHED)
	$(TESTENV) CASMAP_FYNE_PATCHED=1 $(GO) test $(MODFILE) -tags $(TAGS) -count=1 ./...
	@# Fyne's own tests of the packages third_party/fyne patches, on the patched copy.
	$(TESTENV) HOME=$$(mktemp -d) $(GO) test $(MODFILE) -tags $(TAGS) -count=1 fyne.io/fyne/v2/widget fyne.io/fyne/v2/internal/painter

window-test: build
	$(TESTENV) bash .ci/window-test.sh $(BIN)

## bench: the performance budgets, with go-staticmaps and Mapnik measured in the same run,
## then the real window's start-up time and resident memory under Xvfb (.ci/memory.sh)
bench: setup-bench build
	$(GO) test $(MODFILE) -tags $(TAGS) -run='^$$' -bench=. -benchmem ./...
	$(TESTENV) bash .ci/memory.sh $(BIN)

## memory: only the real window's start-up time and resident memory
memory: build
	$(TESTENV) bash .ci/memory.sh $(BIN)

## fuzz: fuzz the dataset loader for a minute
fuzz: $(PATCHED)
	$(GO) test $(MODFILE) -run='^$$' -fuzz=FuzzLoad -fuzztime=60s ./data

## borders: regenerate assets/borders.geojson and borders.bin from world-atlas (needs npm)
borders:
	$(GO) generate ./assets

## icons: render assets/icons/hicolor/ (16 to 256 px) from icon.png and icon-small.svg
icons:
	@sh .ci/icons.sh

## tools: install the fyne CLI $(FYNE_VERSION) into bin/tools/
tools: $(FYNE)

$(FYNE):
	GOBIN=$(dir $(FYNE)) $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_VERSION)

## package: the release files in dist/: the Linux archive and the Windows program
package: package-linux package-windows
	@cd dist && sha256sum casmap-$(VERSION)-* >SHA256SUMS && echo "package: wrote dist/SHA256SUMS"

## package-linux: dist/casmap-VERSION-linux-ARCH.tar.xz (binary, menu entry, icons, install Makefile)
package-linux: setup-package build
	@$(PKGENV) bash .ci/package.sh linux

## package-windows: dist/casmap-VERSION-windows-amd64.exe, cross-built with MinGW-w64, with its icon and version resources
package-windows: setup-package $(PATCHED)
	@$(PKGENV) bash .ci/package.sh windows

## package-macos: dist/casmap-VERSION-macos-ARCH.zip holding casmap.app; runs on a Mac only
package-macos: $(if $(filter Darwin,$(shell uname -s)),setup-run $(FYNE) $(PATCHED))
	@$(PKGENV) bash .ci/package.sh macos

## install: build and install for you under ~/.local (or PREFIX=/usr/local for everyone)
install: setup-run build
	@$(PKGENV) bash .ci/package.sh stage
	@$(MAKE) --no-print-directory -C bin/pkg/casmap-$(VERSION)-linux-$(ARCH) install

## uninstall: remove what "make install" installed (give the same PREFIX)
uninstall:
	@$(MAKE) --no-print-directory -f assets/linux/Makefile uninstall

## test-package: build the packages, install and uninstall them in a scratch folder, check them
test-package: setup-package
	$(TESTENV) MAKE=$(MAKE) bash .ci/package-test.sh

clean:
	rm -rf bin dist
