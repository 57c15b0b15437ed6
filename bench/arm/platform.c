/*
 * tinyrnn benchmark firmware, Arm Cortex-M (QEMU mps2-an386 / mps2-an385),
 * on top of the project's firmware/ start-up, linker script and semihosting:
 *
 * - the clock: SysTick counting down from 0xFFFFFF at 25 MHz of virtual
 *   time, extended to 64 bits by its interrupt. firmware/startup.c routes
 *   SysTick to its fault handler, so clock_start() installs a copy of the
 *   vector table in RAM (VTOR) whose SysTick entry counts the wraps. Under
 *   QEMU -icount shift=5 one instruction takes 32 ns: 1 tick = 1.25
 *   instructions;
 * - the newlib system calls behind printf (console through semihosting);
 * - the stack pointer and the stack's lowest address.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "bench_platform.h"
#include "semihost.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08u)

typedef void (*vector_t)(void);

/* 16 system vectors; VTOR needs the table aligned to its size rounded up to
 * a power of two, at least 128 bytes. */
static vector_t ram_vectors[16] __attribute__((aligned(128)));
static volatile uint32_t systick_wraps;

static void systick_handler(void) {
    systick_wraps++;
}

void clock_start(void) {
    const vector_t *rom = (const vector_t *)(uintptr_t)SCB_VTOR;
    for (unsigned i = 0; i < 16; i++) {
        ram_vectors[i] = rom[i];
    }
    ram_vectors[15] = systick_handler;
    __asm__ volatile("dsb" ::: "memory");
    SCB_VTOR = (uint32_t)(uintptr_t)ram_vectors;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    SYST_CSR = 0;
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0;
    systick_wraps = 0;
    SYST_CSR = 7; /* processor clock, interrupt, enable */
}

void clock_stop(void) {
    SYST_CSR = 0;
}

uint64_t clock_ticks(void) {
    uint32_t w;
    uint32_t v;
    do {
        w = systick_wraps;
        v = SYST_CVR;
    } while (w != systick_wraps);
    return ((uint64_t)w << 24) + (0xFFFFFFu - v);
}

uint64_t clock_calibrate(void) {
    uint64_t t0 = clock_ticks();
    __asm__ volatile(".syntax unified\n\t"
                     "ldr r0, =100000\n"
                     "1:\n\t"
                     "subs r0, #1\n\t"
                     "bne 1b"
                     ::: "r0", "cc");
    uint64_t t1 = clock_ticks();
    return t1 - t0;
}

uintptr_t stack_pointer(void) {
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    return sp;
}

extern char __stack_limit[];
uintptr_t stack_floor(void) {
    return (uintptr_t)__stack_limit;
}

/* newlib system calls (nano.specs), for the harness's printf. */
int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
int _close(int fd);
int _lseek(int fd, int off, int whence);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
void *_sbrk(ptrdiff_t incr);
void _exit(int code);
int _kill(int pid, int sig);
int _getpid(void);

int _write(int fd, const char *buf, int len) {
    (void)fd;
    for (int i = 0; i < len; i++) {
        con_putc(buf[i]);
    }
    return len;
}
int _read(int fd, char *buf, int len) {
    (void)fd;
    (void)buf;
    (void)len;
    return 0;
}
int _close(int fd) {
    (void)fd;
    return -1;
}
int _lseek(int fd, int off, int whence) {
    (void)fd;
    (void)off;
    (void)whence;
    return 0;
}
int _fstat(int fd, struct stat *st) {
    (void)fd;
    st->st_mode = S_IFCHR;
    return 0;
}
int _isatty(int fd) {
    (void)fd;
    return 1;
}
void *_sbrk(ptrdiff_t incr) {
    extern char end[];
    static char *brk = end;
    char *prev = brk;
    brk += incr;
    return prev;
}
void _exit(int code) {
    sh_exit(code);
}
int _kill(int pid, int sig) {
    (void)pid;
    (void)sig;
    return -1;
}
int _getpid(void) {
    return 1;
}
