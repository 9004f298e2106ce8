/*
 * The start-up probe: an LD_PRELOAD library that records which 4 KB pages
 * of the executable's code run (scripts/order-startup-code). It takes the
 * executable's code away (PROT_NONE) before main; each first run of a page
 * faults, is recorded, and the page is given back. Every second it writes
 * the pages ran so far to $STARTUP_PROBE_OUT, as link-time addresses in
 * hexadecimal, one a line. Only for an executable whose path contains
 * $STARTUP_PROBE_EXE; other processes (WebKit's) start untouched.
 *
 * The kernel's fault-around would hide which pages ran (it maps 64 KB
 * around each fault), so the pages are found by faults of our own.
 * A library that sets SIGSEGV's handler through signal() rather than
 * sigaction() would take the faults; none of the console's does.
 * Not part of the product.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uintptr_t load_base, code_start, code_end;
static volatile unsigned char *ran;
static char build_id[41];
static const char *out_path;

static void on_fault(int sig, siginfo_t *info, void *context) {
  (void)context;
  uintptr_t address = (uintptr_t)info->si_addr;
  if (address >= code_start && address < code_end) {
    uintptr_t page = address & ~(uintptr_t)4095;
    ran[(page - code_start) >> 12] = 1;
    mprotect((void *)page, 4096, PROT_READ | PROT_EXEC);
    return;
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

/* Rust's runtime installs its own SIGSEGV handler (stack overflows); it
 * would take our faults for crashes. Keep ours. */
int sigaction(int signum, const struct sigaction *action, struct sigaction *old) {
  static int (*next)(int, const struct sigaction *, struct sigaction *);
  if (!next) next = dlsym(RTLD_NEXT, "sigaction");
  if (ran && (signum == SIGSEGV || signum == SIGBUS) && action &&
      action->sa_sigaction != on_fault) {
    if (old) memset(old, 0, sizeof *old);
    return 0;
  }
  return next(signum, action, old);
}

/* The GNU build id among a PT_NOTE segment's notes, as hexadecimal. */
static void read_build_id(const char *notes, size_t size) {
  size_t at = 0;
  while (at + sizeof(ElfW(Nhdr)) <= size) {
    const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)(notes + at);
    const char *name = notes + at + sizeof *note;
    const unsigned char *desc = (const unsigned char *)name + ((note->n_namesz + 3) & ~3u);
    if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
      for (unsigned i = 0; i < note->n_descsz && i < 20; i++) sprintf(build_id + 2 * i, "%02x", desc[i]);
      return;
    }
    at += sizeof *note + ((note->n_namesz + 3) & ~3u) + ((note->n_descsz + 3) & ~3u);
  }
}

static int find_code(struct dl_phdr_info *object, size_t size, void *data) {
  (void)size;
  (void)data;
  for (int i = 0; i < object->dlpi_phnum; i++) {
    const ElfW(Phdr) *segment = &object->dlpi_phdr[i];
    if (segment->p_type == PT_NOTE)
      read_build_id((const char *)(object->dlpi_addr + segment->p_vaddr), segment->p_memsz);
    if (segment->p_type == PT_LOAD && (segment->p_flags & PF_X) && !code_start) {
      load_base = object->dlpi_addr;
      code_start = (load_base + segment->p_vaddr) & ~(uintptr_t)4095;
      code_end = (load_base + segment->p_vaddr + segment->p_memsz + 4095) & ~(uintptr_t)4095;
    }
  }
  return 1; /* the first object is the executable */
}

static void write_pages(void) {
  size_t pages = (code_end - code_start) >> 12;
  char partial[4096];
  snprintf(partial, sizeof partial, "%s.partial", out_path);
  FILE *file = fopen(partial, "w");
  if (!file) return;
  fprintf(file, "# build-id %s\n", build_id);
  for (size_t i = 0; i < pages; i++)
    if (ran[i]) fprintf(file, "%lx\n", (unsigned long)(code_start + (i << 12) - load_base));
  fclose(file);
  rename(partial, out_path);
}

static void *write_every_second(void *unused) {
  (void)unused;
  for (;;) {
    sleep(1);
    write_pages();
  }
  return NULL;
}

/* A process shorter than a second is recorded too. */
__attribute__((destructor)) static void stop(void) {
  if (ran) write_pages();
}

__attribute__((constructor)) static void start(void) {
  const char *out = getenv("STARTUP_PROBE_OUT");
  const char *only = getenv("STARTUP_PROBE_EXE");
  char exe[4096];
  ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (!out || !only || length <= 0) return;
  exe[length] = 0;
  if (!strstr(exe, only)) return;
  dl_iterate_phdr(find_code, NULL);
  if (code_end <= code_start) return;
  ran = calloc((code_end - code_start) >> 12, 1);
  struct sigaction action = {0};
  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGSEGV, &action, NULL);
  sigaction(SIGBUS, &action, NULL);
  out_path = strdup(out);
  pthread_t writer;
  pthread_create(&writer, NULL, write_every_second, NULL);
  mprotect((void *)code_start, code_end - code_start, PROT_NONE);
}
