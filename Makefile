# baocao - build, test, evaluate.
#
#   make            build ./baocao (installs missing Debian packages first, as root)
#   make test       unit, end-to-end and corpus tests, then again under ASan+UBSan
#   make demo       fill a scratch inbox with sample submissions and run the pipeline
#   make eval       per-field accuracy on a generated, labelled corpus
#   make bench      speed and memory against pandoc, docx2txt, pdftotext, tesseract
#                   (bench/results.md)
#   make fuzz       run every fuzz target for FUZZ_SECONDS (default 600) with libFuzzer
#   make valgrind   the end-to-end tests under valgrind
#   make clean
#
# BUILD=dir selects the object folder; SANITIZE=1 builds with AddressSanitizer and
# UndefinedBehaviorSanitizer (make test does both builds by itself).

CC      ?= cc
BUILD   ?= build
SANITIZE ?=

DEB_PKGS := gcc make pkg-config libglib2.0-dev libzip-dev libxml2-dev libsqlite3-dev \
            libjson-glib-dev libcmocka-dev libgmime-3.0-dev libxlsxwriter-dev libcurl4-openssl-dev zip unzip util-linux \
            sqlite3 jq libpoppler-glib-dev libcairo2-dev libtesseract-dev libleptonica-dev \
            tesseract-ocr tesseract-ocr-vie libpango1.0-dev fonts-liberation fonts-liberation2 fonts-dejavu-core \
            dovecot-imapd python3-aiosmtpd libgsf-1-dev
PKGS     := glib-2.0 gio-2.0 libzip libxml-2.0 sqlite3 json-glib-1.0 gmime-3.0 xlsxwriter libcurl \
            poppler-glib cairo tesseract lept libgsf-1

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wpointer-arith -Wcast-align -Wwrite-strings -Wundef -Wno-unused-parameter \
           -Wno-missing-field-initializers
OPT     := -O2 -g
ifeq ($(SANITIZE),1)
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += -std=gnu11 $(WARN) $(OPT) $(PKG_CFLAGS) -Ipipeline -D_GNU_SOURCE
LDFLAGS += $(OPT)
LDLIBS  += $(PKG_LIBS) -lm

LIB_SRC  := $(filter-out pipeline/main.c,$(wildcard pipeline/*.c))
LIB_OBJ  := $(patsubst pipeline/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/%,$(UNIT_SRC))
PROG     := $(if $(filter build,$(BUILD)),baocao,$(BUILD)/baocao)
FUZZ     := docx text conf outcome layout mail imap sheet doc odt rtf html
REPLAY   := $(patsubst %,$(BUILD)/replay_%,$(FUZZ))
FUZZ_SECONDS ?= 600

.PHONY: all deps test test-one demo eval bench clean fuzz valgrind
# keep every built file: the fuzz build's objects are intermediate to make, which would
# otherwise delete them after each fuzz target and compile the library again for the next
.SECONDARY:
all: deps $(PROG)

# Install what is missing from Debian, once; costs a dpkg query when all is there.
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" != 0 ]; then echo "baocao: missing Debian packages: $$missing (run make as root to install them)" >&2; exit 2; fi; \
		echo "installing: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 2; \
	fi

# V=1 shows the compiler's command lines
Q := $(if $(V),,@)

$(BUILD)/obj/%.o: pipeline/%.c $(wildcard pipeline/*.h) | $(BUILD)/obj
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libbaocao.a: $(LIB_OBJ)
	$(Q)ar rcs $@ $^

$(PROG): $(BUILD)/obj/main.o $(BUILD)/libbaocao.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/test_%: tests/unit/test_%.c $(BUILD)/libbaocao.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# the generator's PDF, scan and image backend (tests/gen/render_pdf.c)
GEN_PKGS    := pangocairo poppler-glib lept cairo-pdf
GEN_CFLAGS   = $(shell pkg-config --cflags $(GEN_PKGS) 2>/dev/null)
GEN_LIBS     = $(shell pkg-config --libs $(GEN_PKGS) 2>/dev/null)
$(BUILD)/gen_docx: tests/gen/gen_docx.c tests/gen/render_pdf.c tests/gen/render_pdf.h | $(BUILD)/obj
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(GEN_CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$^) $(LDLIBS) $(GEN_LIBS)

$(BUILD)/cer: tests/gen/cer.c | $(BUILD)/obj
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(shell pkg-config --libs glib-2.0)

# e-mail fixtures around gen_docx's files (tests/mail.sh)
$(BUILD)/gen_mail: tests/gen/gen_mail.c | $(BUILD)/obj
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/eval: tests/gen/eval.c | $(BUILD)/obj
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The fuzz targets' corpora replayed by an ordinary build (tests/fuzz/replay.c).
$(BUILD)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libbaocao.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench_read: bench/bench_read.c $(BUILD)/libbaocao.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench_pdf: bench/bench_pdf.c $(BUILD)/libbaocao.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# LD_PRELOAD shim failing real write/rename/fsync calls, for tests/kill.sh
$(BUILD)/faultshim.so: tests/fault/shim.c | $(BUILD)/obj
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -shared -fPIC -O2 -Wall -Wextra -o $@ $< -ldl

# LD_PRELOAD shim failing the Nth allocation of the main process, for tests/kill.sh
$(BUILD)/faultalloc.so: tests/fault/alloc.c | $(BUILD)/obj
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) -shared -fPIC -O2 -Wall -Wextra -o $@ $<

$(BUILD)/obj:
	mkdir -p $@

# libFuzzer builds with clang: the library once with coverage, one binary per target.
FUZZ_CFLAGS = -std=gnu11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined $(PKG_CFLAGS) -Ipipeline -D_GNU_SOURCE
build-fuzz/obj/%.o: pipeline/%.c $(wildcard pipeline/*.h)
	@mkdir -p build-fuzz/obj
	$(Q)clang $(FUZZ_CFLAGS) -c -o $@ $<
build-fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(patsubst pipeline/%.c,build-fuzz/obj/%.o,$(LIB_SRC))
	$(Q)clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz: deps
	@command -v clang >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq clang libclang-rt-14-dev >/dev/null; }
	@$(MAKE) --no-print-directory $(patsubst %,build-fuzz/fuzz_%,$(FUZZ))
	@for t in $(FUZZ); do \
		mkdir -p build-fuzz/work/$$t; \
		echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
		build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=20 \
			-artifact_prefix=build-fuzz/ build-fuzz/work/$$t tests/fuzz/corpus/$$t 2>&1 | tail -n 3 || exit 1; \
		build-fuzz/fuzz_$$t -merge=1 tests/fuzz/corpus/$$t build-fuzz/work/$$t >/dev/null 2>&1; \
	done

# Speed and memory side by side with the peers (bench/results.md, bench/results.json).
bench: all $(BUILD)/gen_docx $(BUILD)/bench_read $(BUILD)/bench_pdf
	@BUILD=$(BUILD) sh bench/run.sh

valgrind: all $(BUILD)/gen_docx $(BUILD)/eval
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq valgrind >/dev/null; }
	@# readers run in-process here so that valgrind checks them, leaks included; the
	@# forked path is covered by the ASan build of make test. OMP_THREAD_LIMIT is set
	@# here because baocao would otherwise start itself again outside valgrind (main.c)
	@OMP_THREAD_LIMIT=1 BAOCAO_NO_FORK=1 BAOCAO_VALGRIND=1 BUILD=$(BUILD) PROG=$(PROG) sh tests/e2e.sh

# One build's tests: unit tests, then end-to-end and corpus tests on the real binary.
test-one: deps $(PROG) $(UNIT_BIN) $(REPLAY) $(BUILD)/gen_docx $(BUILD)/gen_mail $(BUILD)/eval $(BUILD)/faultshim.so $(BUILD)/faultalloc.so
	@BUILD=$(BUILD) PROG=$(PROG) sh tests/run.sh $(UNIT_BIN) $(REPLAY)

test: deps
	@$(MAKE) --no-print-directory test-one
	@echo "== again with AddressSanitizer and UndefinedBehaviorSanitizer"
	@$(MAKE) --no-print-directory test-one BUILD=build-san SANITIZE=1

demo: all $(BUILD)/gen_docx
	@sh tests/demo.sh

eval: all $(BUILD)/gen_docx $(BUILD)/eval $(BUILD)/cer
	@sh tests/eval.sh

clean:
	rm -rf build build-san build-fuzz baocao
